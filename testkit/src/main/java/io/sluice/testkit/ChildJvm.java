package io.sluice.reliability;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One Sluice service ({@code sluice kafka|ingress|processor --config FILE}) run as a child JVM, so
 * that it can be killed for real: {@link #kill()} is {@link Process#destroyForcibly()}, which is
 * SIGKILL on Linux (no shutdown hook, no flush, no close), {@link #stop()} is SIGTERM (the CLI's
 * orderly shutdown). Every incarnation appends its stdout and stderr to the same two log files, which
 * the secret scan reads afterwards. Every child ever started is killed by a JVM shutdown hook, so an
 * aborted test never leaves one behind.
 */
public final class ChildJvm implements AutoCloseable {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "reliability-kill-children"));
    }

    private final String name;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path stdout;
    private final Path stderr;
    private Process process;
    private int starts;

    /**
     * @param name      short name used for log files ({@code <name>.out}, {@code <name>.err})
     * @param classpath the classpath holding {@code io.sluice.app.Sluice} and its dependencies
     * @param heap      {@code -Xmx} value such as {@code 384m}
     * @param args      the CLI arguments, e.g. {@code ingress --config FILE}
     * @param env       extra environment (secrets, log level)
     * @param logDir    where the log files go
     */
    public ChildJvm(String name, String classpath, String heap, List<String> args, Map<String, String> env, Path logDir) {
        this.name = name;
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.add("-Xss1m");
        cmd.add("-XX:+UseSerialGC"); // 2 shared cores: no parallel GC threads fighting the build
        cmd.add("-XX:TieredStopAtLevel=1"); // short-lived JVMs: C1 only starts faster and uses less CPU
        cmd.add("-Djava.net.preferIPv4Stack=true");
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add("io.sluice.app.Sluice");
        cmd.addAll(args);
        this.command = List.copyOf(cmd);
        this.env = Map.copyOf(env);
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.stdout = logDir.resolve(name + ".out");
        this.stderr = logDir.resolve(name + ".err");
    }

    /** Starts a new incarnation; its output is appended to the log files after a marker line. */
    public synchronized ChildJvm start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        starts++;
        try {
            String marker = "----- reliability: start #" + starts + " of " + name + " -----" + System.lineSeparator();
            Files.writeString(stdout, marker, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            Files.writeString(stderr, marker, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            // the children read only the generated config: nothing from the caller's environment may redirect them
            pb.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
            pb.environment().remove("SLUICE_CONFIG");
            pb.environment().putAll(env);
            process = pb.start();
            LIVE.add(process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        return this;
    }

    /** SIGKILL, then waits until the process is gone. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM (orderly shutdown); SIGKILL when it has not exited within {@code grace}. */
    public synchronized void stop(Duration grace) {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!awaitExit(grace)) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(30));
        }
    }

    private boolean awaitExit(Duration d) {
        try {
            boolean exited = process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
            if (exited) {
                LIVE.remove(process);
            }
            return exited;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The OS pid of the current incarnation, or -1. */
    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** How many times it was started. */
    public synchronized int starts() {
        return starts;
    }

    public String name() {
        return name;
    }

    public Path stdout() {
        return stdout;
    }

    public Path stderr() {
        return stderr;
    }

    /** The last {@code n} characters of stderr, for failure messages. */
    public String stderrTail(int n) {
        try {
            String s = Files.readString(stderr, java.nio.charset.StandardCharsets.ISO_8859_1);
            return s.length() <= n ? s : s.substring(s.length() - n);
        } catch (IOException e) {
            return "(no stderr: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        kill();
    }
}
