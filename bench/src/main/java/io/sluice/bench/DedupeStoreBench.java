package io.sluice.bench;

import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.processor.DedupeProcessor;
import io.sluice.processor.ProcessorMetrics;
import io.sluice.processor.StreamsProperties;
import io.sluice.processor.index.IndexOutcome;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The processor's dedupe store at a given number of keys, measured, not extrapolated: inserts that
 * many distinct keys ({@code <source>:<64 hex digits>}, the shape of a body-hash event id) through the
 * processor's own {@link DedupeProcessor} into the same store (RocksDB window store, built as
 * {@code SluiceTopology} builds it: {@code persistentWindowStore(sluice-dedupe, window, 1 ms, false)},
 * without its changelog, which lives in Kafka), with the processor's Streams properties
 * ({@link StreamsProperties#of}), through Kafka Streams' {@link MockProcessorContext} (no broker).
 * Timestamps are spread evenly over one dedupe window, so the store holds exactly one window's worth
 * of keys in all its segments; the store is flushed every 10,000 records, as Streams does.
 *
 * <p>Reports the store's directory size on disk while open and after a clean close, and the
 * process's resident set before, with the store open and after closing it (run it with
 * {@code -Xms = -Xmx -XX:+AlwaysPreTouch} so the heap does not move the RSS). Usage (harness classpath, see docs/benchmarks.md):
 * {@code java -cp bench/target/classes:$(cat bench/target/harness.classpath) io.sluice.bench.DedupeStoreBench 1000000 7d report.txt}
 */
public final class DedupeStoreBench {
    /** Streams flushes its stores and writes a checkpoint every 10,000 processed records (and on close). */
    private static final int FLUSH_EVERY = 10_000;
    private static final String RAW_TOPIC = "sluice.raw";
    private static final String OUTPUT_TOPIC = "sluice.events";

    private DedupeStoreBench() {
    }

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String window = args.length > 1 ? args[1] : "7d";
        Path report = Path.of(args.length > 2 ? args[2] : "dedupe-store.txt");
        Path stateDir = Files.createTempDirectory("sluice-dedupe-bench");
        try {
            run(keys, window, stateDir, report);
        } finally {
            deleteTree(stateDir);
        }
    }

    private static void run(int keys, String windowText, Path stateDir, Path report) throws Exception {
        String yaml = "kafka:\n  bootstrap-servers: \"127.0.0.1:9\"\n"
                + "topics:\n  raw: bench.raw\n  default: bench.events\n  dead-letter: bench.dlq\n"
                + "processor:\n  dedupe-window: " + windowText + "\n  state-dir: " + stateDir + "\n"
                + "sources:\n  - name: bench\n    scheme: hyperspell\n    secrets: [\"bench-secret\"]\n";
        SluiceConfig config = new ConfigLoader(Map.of()).parse(yaml);
        Duration window = config.processor().dedupeWindow();
        ProcessorMetrics metrics = ProcessorMetrics.inMemory();
        Properties props = StreamsProperties.of(config, metrics);

        WindowStore<byte[], byte[]> store = Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(DedupeProcessor.STORE, window, Duration.ofMillis(1), false),
                        Serdes.ByteArray(), Serdes.ByteArray())
                .withLoggingDisabled() // the changelog is Kafka's side: it adds nothing to RocksDB's size
                .build();
        Files.createDirectories(stateDir.resolve("0_0"));
        // Each forward counts as one routed output, as the normalize step reports it in the processor, so
        // every entry carries what a real one does (type, one delivery with its raw offset, one output topic)
        @SuppressWarnings("unchecked")
        MockProcessorContext<byte[], byte[]> context = new RoutingContext(props, stateDir.resolve("0_0").toFile());
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        DedupeProcessor dedupe = new DedupeProcessor(window, metrics, s -> true, true); // entries with the index's details
        dedupe.init(context);

        List<String> lines = new ArrayList<>();
        System.gc();
        long rssBefore = rssKiB();
        long start = Instant.parse("2026-11-23T00:00:00Z").toEpochMilli();
        long step = Math.max(1, window.toMillis() / keys);
        long began = System.nanoTime();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] value = "{}".getBytes(StandardCharsets.UTF_8);
        RecordHeaders headers = new RecordHeaders();
        headers.add("sluice.source", "bench".getBytes(StandardCharsets.UTF_8));
        headers.add("sluice.event-type", "push".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < keys; i++) {
            context.setRecordMetadata(RAW_TOPIC, i % 3, i / 3);
            dedupe.process(new Record<>(key(sha, i), value, start + i * step, headers));
            if ((i + 1) % FLUSH_EVERY == 0) {
                store.flush();
                context.resetForwards();
            }
        }
        store.flush();
        context.resetForwards();
        double seconds = (System.nanoTime() - began) / 1e9;
        // a second pass over the first keys: every one must be found (the store really holds them)
        int probe = Math.min(keys, 10_000);
        long before = dropped(metrics);
        for (int i = 0; i < probe; i++) {
            dedupe.process(new Record<>(key(sha, i), value, start + (long) (keys - 1) * step, headers));
        }
        long found = dropped(metrics) - before;
        System.gc();
        long rssOpen = rssKiB();
        Path storeDir = findStoreDir(stateDir);
        long openBytes = size(storeDir);
        lines.add("# Dedupe store at " + keys + " keys (DedupeStoreBench, " + Instant.now() + ")");
        lines.add("keys inserted: " + keys + " (distinct, 70 bytes each: bench:<sha-256 hex>; timestamps spread evenly over one"
                + " dedupe window of " + windowText + "; store flushed every " + FLUSH_EVERY + " records, as Streams"
                + " checkpoints); each value the event-index entry a routed event gets (type, one delivery with its raw"
                + " partition and offset, one output topic)");
        lines.add("re-sent keys found as duplicates: " + found + " of " + probe);
        lines.add(String.format("insert time: %.1f s (one thread, no Kafka; not a throughput figure)", seconds));
        store.close();
        long closedBytes = size(storeDir);
        System.gc();
        long rssClosed = rssKiB();
        lines.add(String.format("store directory on disk while open: %,d bytes (%.1f MiB)", openBytes, openBytes / 1048576.0));
        lines.add(String.format("store directory on disk after a clean close: %,d bytes (%.1f MiB)", closedBytes,
                closedBytes / 1048576.0));
        lines.add(String.format("process RSS: %,d KiB before the inserts, %,d KiB with the store open (+%,d KiB: RocksDB's"
                + " memtables, block cache and table readers, off-heap; the heap is pre-touched at its full size), %,d KiB"
                + " after closing it", rssBefore, rssOpen, rssOpen - rssBefore, rssClosed));
        lines.add("java " + System.getProperty("java.version") + ", -Xmx " + Runtime.getRuntime().maxMemory() / 1048576 + " MiB");
        lines.forEach(System.out::println);
        Files.write(report, lines);
    }

    /** A context whose forwards count as routed outputs (raw type: a type bound cannot name {@code byte[]}). */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class RoutingContext extends MockProcessorContext {
        RoutingContext(Properties props, java.io.File dir) {
            super(props, new TaskId(0, 0), dir);
        }

        @Override
        public void forward(Record record) {
            super.forward(record);
            IndexOutcome.routed(OUTPUT_TOPIC);
        }
    }

    private static byte[] key(MessageDigest sha, int i) {
        byte[] id = sha.digest(Integer.toString(i).getBytes(StandardCharsets.UTF_8));
        return ("bench:" + HexFormat.of().formatHex(id)).getBytes(StandardCharsets.UTF_8);
    }

    private static long dropped(ProcessorMetrics metrics) {
        return (long) metrics.count("sluice.processor.duplicates.dropped", "source", "bench");
    }

    private static Path findStoreDir(Path stateDir) throws IOException {
        try (Stream<Path> s = Files.walk(stateDir)) {
            return s.filter(p -> p.getFileName().toString().equals(DedupeProcessor.STORE) && Files.isDirectory(p))
                    .findFirst().orElse(stateDir);
        }
    }

    private static long size(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static long rssKiB() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
