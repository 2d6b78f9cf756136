package io.sluice.testkit;

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
 * The tests' one child-JVM launcher: a Sluice service ({@code sluice kafka|ingress|processor --config
 * FILE}, see {@link #sluice}) or any other main class ({@link #of}) run as a child JVM, so that it can
 * be killed for real: {@link #kill()} is {@link Process#destroyForcibly()}, which is
 * SIGKILL on Linux (no shutdown hook, no flush, no close), {@link #stop()} is SIGTERM (the CLI's
 * orderly shutdown). Every incarnation appends its stdout and stderr to the same two log files, which
 * the secret scan reads afterwards. Every child ever started is killed by a JVM shutdown hook, so an
 * aborted test never leaves one behind.
 */
public final class ChildJvm implements AutoCloseable {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "testkit-kill-children"));
    }

    private final String name;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path stdout;
    private final Path stderr;
    private Process process;
    private int starts;

    /**
     * A Sluice CLI child ({@code io.sluice.app.Sluice}), for the reliability suites: small heap, serial GC
     * and C1 only, so that several fit on two shared cores.
     *
     * @param name      short name used for log files ({@code <name>.out}, {@code <name>.err})
     * @param classpath the classpath holding {@code io.sluice.app.Sluice} and its dependencies
     * @param heap      {@code -Xmx} value such as {@code 384m}
     * @param args      the CLI arguments, e.g. {@code ingress --config FILE}
     * @param env       extra environment (secrets, log level)
     * @param logDir    where the log files go
     */
    public ChildJvm(String name, String classpath, String heap, List<String> args, Map<String, String> env, Path logDir) {
        this(name, classpath, List.of("-Xmx" + heap, "-Xss1m",
                "-XX:+UseSerialGC", // 2 shared cores: no parallel GC threads fighting the build
                "-XX:TieredStopAtLevel=1", // short-lived JVMs: C1 only starts faster and uses less CPU
                "-Djava.net.preferIPv4Stack=true"), "io.sluice.app.Sluice", args, env, logDir);
    }

    /**
     * Any main class as a child JVM.
     *
     * @param name      short name used for log files ({@code <name>.out}, {@code <name>.err})
     * @param classpath its classpath ({@link #testClasspath()} for the running test's own)
     * @param jvmFlags  heap, GC and system-property flags
     * @param mainClass the class whose {@code main} runs
     * @param args      its arguments
     * @param env       extra environment
     * @param logDir    where the log files go
     */
    public ChildJvm(String name, String classpath, List<String> jvmFlags, String mainClass, List<String> args,
                    Map<String, String> env, Path logDir) {
        this.name = name;
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
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

    /** A Sluice CLI child with the given CLI arguments (see the first constructor). */
    public static ChildJvm sluice(String name, String classpath, String heap, List<String> args,
                                  Map<String, String> env, Path logDir) {
        return new ChildJvm(name, classpath, heap, args, env, logDir);
    }

    /** {@code mainClass} on the running test's own classpath, with {@code -Xmx<heap>} and C1 only. */
    public static ChildJvm of(String name, String heap, String mainClass, List<String> args, Path logDir) {
        return new ChildJvm(name, testClasspath(), List.of("-Xmx" + heap, "-XX:TieredStopAtLevel=1"), mainClass, args,
                Map.of(), logDir);
    }

    /** The running test's classpath (surefire and failsafe put it in {@code surefire.test.class.path}). */
    public static String testClasspath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** Starts a new incarnation; its output is appended to the log files after a marker line. */
    public synchronized ChildJvm start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        starts++;
        try {
            String marker = "----- start #" + starts + " of " + name + " -----" + System.lineSeparator();
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

    /** The last {@code n} characters of stdout and of stderr, for failure messages. */
    public String logTail(int n) {
        return "stdout: " + tail(stdout, n) + System.lineSeparator() + "stderr: " + tail(stderr, n);
    }

    private static String tail(Path file, int n) {
        try {
            String s = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
            return s.length() <= n ? s : s.substring(s.length() - n);
        } catch (IOException e) {
            return "(none: " + e.getMessage() + ")";
        }
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
