package io.sluice.bench.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One measured JVM process started by the orchestrator: {@link ChildMain} in a given mode, with the
 * orchestrator's classpath and JDK. Speaks the line protocol of {@link ChildMain}; its stderr goes to
 * a log file. Every wait is bounded; {@link #close()} ends the process (forcibly after 30 s).
 */
final class Child implements AutoCloseable {
    private static final List<Child> LIVE = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (LIVE) {
                LIVE.forEach(c -> c.process.destroyForcibly());
            }
        }, "bench-children-reaper"));
    }

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Map<String, String> ready;

    private Child(String name, Process process, Duration startTimeout) throws IOException {
        this.name = name;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    if (l.startsWith("BENCH ")) {
                        lines.add(l.substring(6));
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
            lines.add("EOF");
        }, "bench-child-" + name);
        reader.setDaemon(true);
        reader.start();
        synchronized (LIVE) {
            LIVE.add(this);
        }
        try {
            this.ready = await("READY", startTimeout);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /**
     * Starts {@code ChildMain mode args...} in a new JVM.
     *
     * @param jvmFlags heap and GC flags (and JFR, when profiling) of the measured process
     * @param log      where its stderr goes
     */
    static Child start(String name, List<String> jvmFlags, List<String> args, Path log, Duration startTimeout)
            throws IOException {
        return start(name, jvmFlags, Map.of(), args, log, startTimeout);
    }

    /**
     * As {@link #start(String, List, List, Path, Duration)}, with environment variables added to the
     * harness's own (those {@code bin/sluice} sets for the subcommand).
     */
    static Child start(String name, List<String> jvmFlags, Map<String, String> env, List<String> args, Path log,
                       Duration startTimeout) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Machine.javaExecutable());
        cmd.addAll(jvmFlags);
        cmd.add("-Dlogback.configurationFile=io/sluice/bench/harness/logback-bench.xml");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ChildMain.class.getName());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        return new Child(name, pb.start(), startTimeout);
    }

    /** The {@code key=value} fields of the child's READY line (port, bootstrap, pid). */
    Map<String, String> ready() {
        return ready;
    }

    long pid() {
        return process.pid();
    }

    /** Asks for the child's memory, CPU and RocksDB figures. */
    Map<String, String> stats() throws IOException {
        send("STATS");
        return await("STATS", Duration.ofSeconds(30));
    }

    /**
     * The child's collections and allocation so far ({@code gcCount}, {@code gcPauseMs},
     * {@code allocBytes}) and its longest pause since the previous call ({@code gcMaxPauseMs}).
     */
    Map<String, String> gc() throws IOException {
        send("GC");
        return await("GC", Duration.ofSeconds(30));
    }

    /** Starts a JFR recording in the child, written to {@code file} when the child stops. */
    void startJfr(Path file) throws IOException {
        send("JFR " + file.toAbsolutePath());
        await("JFR", Duration.ofSeconds(30));
    }

    private void send(String command) throws IOException {
        stdin.write(command + "\n");
        stdin.flush();
    }

    private Map<String, String> await(String what, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line;
            try {
                line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (line == null) {
                throw new IOException(name + ": no " + what + " within " + timeout + " (see its log)");
            }
            if (line.equals("EOF")) {
                throw new IOException(name + " exited (code " + waitExit() + ") before " + what + " (see its log)");
            }
            if (line.startsWith(what)) {
                return parse(line.substring(what.length()));
            }
        }
    }

    private int waitExit() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static Map<String, String> parse(String fields) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String f : fields.trim().split("\\s+")) {
            int eq = f.indexOf('=');
            if (eq > 0) {
                out.put(f.substring(0, eq), f.substring(eq + 1));
            }
        }
        return out;
    }

    /** Stops the child cleanly (its component closes: Streams flushes RocksDB), forcibly after 30 s. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                send("STOP");
                stdin.close();
            }
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        synchronized (LIVE) {
            LIVE.remove(this);
        }
    }
}
