package io.sluice.bench.harness;

import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.ingress.Ingress;
import io.sluice.kafka.EmbeddedKafka;
import io.sluice.processor.Processor;
import io.vertx.core.buffer.Buffer;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Entry point of every process the benchmark measures: one of {@code kafka}, {@code http} (the bare
 * Vert.x ceiling), {@code ingress}, {@code processor}, {@code passthrough} (exactly-once) or
 * {@code passthrough-alos} (at-least-once), each in its own JVM so
 * its heap and resident set are its own.
 *
 * <p>Line protocol on stdout/stdin with the orchestrator ({@link Child}):
 * <ul>
 *   <li>child prints {@code BENCH READY k=v ...} once serving;</li>
 *   <li>orchestrator sends {@code STATS}: child prints {@code BENCH STATS k=v ...} (memory, CPU, RocksDB);</li>
 *   <li>orchestrator sends {@code GC}: child prints {@code BENCH GC k=v ...} (its collections and
 *       allocation so far, the longest pause since the previous {@code GC}: see {@link GcWindow});</li>
 *   <li>orchestrator sends {@code JFR FILE}: child starts a JFR recording (profile settings), written to
 *       FILE when it stops;</li>
 *   <li>orchestrator sends {@code STOP} or closes stdin: child closes its component, prints
 *       {@code BENCH STOPPED}, exits.</li>
 * </ul>
 * A child also exits by itself after {@code sluice.bench.maxLifetime} seconds (default 3600: longer than a default run, whose budget is 35 min; at 1200 the broker of a default run exited under the ops stage), so a
 * crashed orchestrator never leaves a load-bearing process behind.
 */
public final class ChildMain {
    private static final String PREFIX = "BENCH ";

    private ChildMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ChildMain kafka|http|ingress CONFIG|relay CONFIG|processor CONFIG|passthrough CONFIG|passthrough-alos CONFIG");
            System.exit(2);
        }
        long maxLifetime = Long.getLong("sluice.bench.maxLifetime", 3600);
        Thread reaper = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(maxLifetime));
                System.err.println("bench child: lifetime of " + maxLifetime + " s reached, exiting");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException ignored) {
                // normal exit
            }
        }, "bench-reaper");
        reaper.setDaemon(true);
        reaper.start();

        MemoryProbe probe = new MemoryProbe();
        GcWindow gc = new GcWindow();
        AutoCloseable component;
        Map<String, String> ready = new LinkedHashMap<>();
        switch (args[0]) {
            case "kafka" -> {
                // The HTTP stages alone append tens of GB to their raw topics in a default run (a run
                // filled the disk: "No space left on device"): keep at most 1 GiB per partition. The
                // processor stage's inputs (≤ 200 MB per partition) stay whole.
                EmbeddedKafka kafka = EmbeddedKafka.ephemeral(Map.of("log.retention.bytes", String.valueOf(1L << 30),
                        "log.retention.check.interval.ms", "15000")).start();
                ready.put("bootstrap", kafka.bootstrapServers());
                component = kafka;
            }
            case "http" -> {
                BodyServer http = BareHttp.start(Integer.getInteger("sluice.bench.httpInstances",
                        Runtime.getRuntime().availableProcessors()));
                ready.put("port", String.valueOf(http.port()));
                component = http;
            }
            case "ingress" -> {
                SluiceConfig cfg = ConfigLoader.load(Path.of(args[1]));
                Ingress ingress = Ingress.start(cfg);
                ready.put("port", String.valueOf(ingress.port()));
                component = ingress::close;
            }
            case "relay" -> {
                // the pass-through ingress ceiling, on as many event loops as the ingress's default
                SluiceConfig cfg = ConfigLoader.load(Path.of(args[1]));
                Relay relay = Relay.start(cfg, Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 8)));
                ready.put("port", String.valueOf(relay.port()));
                component = relay;
            }
            case "processor" -> {
                SluiceConfig cfg = ConfigLoader.load(Path.of(args[1]));
                Processor processor = Processor.start(cfg);
                processor.awaitRunning(Duration.ofSeconds(120));
                component = processor::close;
            }
            case "passthrough", "passthrough-alos" -> {
                SluiceConfig cfg = ConfigLoader.load(Path.of(args[1]));
                PassThrough pt = PassThrough.start(cfg, args[0].equals("passthrough-alos")
                        ? org.apache.kafka.streams.StreamsConfig.AT_LEAST_ONCE
                        : org.apache.kafka.streams.StreamsConfig.EXACTLY_ONCE_V2);
                pt.awaitRunning(Duration.ofSeconds(120));
                component = pt;
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        ready.put("pid", String.valueOf(ProcessHandle.current().pid()));
        say("READY", ready);

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        Recording jfr = null;
        Path jfrFile = null;
        while ((line = in.readLine()) != null) {
            String cmd = line.trim();
            if (cmd.startsWith("JFR ") && jfr == null) {
                // profile only the measured part: start-up and warm-up stay out of the samples
                jfrFile = Path.of(cmd.substring(4).trim());
                jfr = new Recording(Configuration.getConfiguration("profile"));
                jfr.setName("bench");
                jfr.start();
                say("JFR", Map.of("file", jfrFile.toString()));
            } else if (cmd.equals("STATS")) {
                Map<String, String> stats = probe.snapshot();
                stats.putAll(rocksDbMetrics());
                say("STATS", stats);
            } else if (cmd.equals("GC")) {
                say("GC", gc.window());
            } else if (cmd.equals("STOP")) {
                break;
            }
        }
        if (jfr != null) {
            jfr.stop();
            jfr.dump(jfrFile);
            jfr.close();
        }
        component.close();
        probe.close();
        say("STOPPED", Map.of());
        System.exit(0);
    }

    private static void say(String what, Map<String, String> fields) {
        StringBuilder b = new StringBuilder(PREFIX).append(what);
        fields.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        System.out.println(b);
        System.out.flush();
    }

    /**
     * Kafka Streams' RocksDB property metrics (recording level INFO), summed over every store
     * instance, segment and task in this JVM: {@code rocksdb.<metric>=<value>}.
     */
    static Map<String, String> rocksDbMetrics() {
        Map<String, String> out = new TreeMap<>();
        List<String> names = List.of("estimate-num-keys", "size-all-mem-tables", "cur-size-all-mem-tables",
                "estimate-table-readers-mem", "block-cache-usage", "block-cache-pinned-usage",
                "block-cache-capacity", "total-sst-files-size", "live-sst-files-size");
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Set<ObjectName> beans = server.queryNames(new ObjectName("kafka.streams:type=stream-state-metrics,*"), null);
            Map<String, Double> sums = new TreeMap<>();
            int stores = 0;
            for (ObjectName bean : beans) {
                boolean rocks = bean.getKeyPropertyList().keySet().stream().anyMatch(k -> k.startsWith("rocksdb-"));
                if (!rocks) {
                    continue;
                }
                stores++;
                for (String name : names) {
                    try {
                        Object v = server.getAttribute(bean, name);
                        if (v instanceof Number n && !Double.isNaN(n.doubleValue())) {
                            sums.merge(name, n.doubleValue(), Double::sum);
                        }
                    } catch (Exception ignored) {
                        // this store does not report that metric
                    }
                }
            }
            out.put("rocksdb.stores", String.valueOf(stores));
            sums.forEach((k, v) -> out.put("rocksdb." + k, String.valueOf(v.longValue())));
        } catch (Exception e) {
            out.put("rocksdb.error", e.getClass().getSimpleName());
        }
        return out;
    }

    /**
     * The HTTP ceiling: Vert.x answering {@code 200 {"status":"accepted"}} after reading the whole
     * body, with nothing else: no routing, no verification, no Kafka. One verticle per core on one
     * port, as a Vert.x server that uses every core is deployed.
     */
    static final class BareHttp {
        private static final Buffer OK = Buffer.buffer("{\"status\":\"accepted\",\"id\":\"bench\"}");

        private BareHttp() {
        }

        static BodyServer start(int instances) throws Exception {
            return BodyServer.start(instances, (req, body) ->
                    req.response().putHeader("content-type", "application/json").end(OK));
        }
    }
}
