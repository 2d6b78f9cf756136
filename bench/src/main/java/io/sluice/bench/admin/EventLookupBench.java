package io.sluice.bench.admin;

import io.sluice.admin.AdminAuth;
import io.sluice.admin.AdminServer;
import io.sluice.admin.EventRoutes;
import io.sluice.config.AdminToken;
import io.sluice.config.ConfigLoader;
import io.sluice.config.Scope;
import io.sluice.config.Secret;
import io.sluice.config.SluiceConfig;
import io.sluice.processor.ProcessorMetrics;
import io.sluice.processor.SluiceTopology;
import io.sluice.processor.StreamsProperties;
import io.sluice.processor.index.EventIndex;
import io.sluice.processor.index.IndexEntry;
import io.sluice.processor.index.IndexEntryCodec;
import io.sluice.kafka.EmbeddedKafka;
import io.sluice.processor.index.OffsetResolver;
import io.sluice.processor.index.Resolver;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.HdrHistogram.Histogram;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.WindowStore;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Event lookup latency with N events indexed (default 1 000 000): fills the processor's dedupe
 * store, which is the event index (RocksDB window store, entries as {@link IndexEntryCodec} writes
 * them), through Kafka Streams' test driver, then measures {@code GET /admin/events/{source}/{id}}
 * over HTTP on the real admin server (loopback, one client, sequential) and
 * {@code GET /admin/events?limit=50}. Without {@code --broker} the outputs' offsets are not
 * resolved ({@link Resolver#NONE}): the figure is the store read plus HTTP. With {@code --broker} an
 * embedded broker holds every event's output record (its key, {@code ce_id}, the event's timestamp,
 * a {@value #OUTPUT_BYTES}-byte value) on a 3-partition topic, and each lookup resolves its output's
 * partition and offset through the processor's own {@link OffsetResolver} ({@code read_committed}),
 * as a lookup on a running processor does; every answer must then carry the committed offset.
 *
 * <pre>bench/run --only jmh   # once, to build bench/target/harness.classpath
 * java -Xmx1g -cp "$(cat bench/target/harness.classpath):bench/target/classes" io.sluice.bench.admin.EventLookupBench [EVENTS] [LOOKUPS] [--broker]</pre>
 * The store's directory (a few hundred MB for a million events) is deleted at the end.
 */
public final class EventLookupBench {
    /** One list call per this many lookups: a list scans the store's segments (EventIndex#recent), so it is sampled. */
    static final int LIST_EVERY = 200;
    /** Size of each output record's value in the {@code --broker} mode. */
    static final int OUTPUT_BYTES = 512;

    private EventLookupBench() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int lookups = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        boolean withBroker = java.util.Arrays.asList(args).contains("--broker");
        if (withBroker) {
            try (EmbeddedKafka broker = EmbeddedKafka.ephemeral().start()) {
                run(events, lookups, broker.bootstrapServers());
            }
        } else {
            run(events, lookups, null);
        }
    }

    private static void run(int events, int lookups, String bootstrap) throws Exception {
        Path dir = Files.createTempDirectory("sluice-lookup-bench");
        SluiceConfig config = new ConfigLoader(Map.of()).parse("""
                kafka: {bootstrap-servers: "%s"}
                processor: {port: 0, state-dir: "%s", application-id: lookup-bench}
                sources:
                  - {name: github, scheme: github, secrets: ["s"]}
                """.formatted(bootstrap == null ? "unused:9092" : bootstrap, dir.toString().replace("\\", "/")));
        ProcessorMetrics metrics = ProcessorMetrics.inMemory();
        try (TopologyTestDriver driver = new TopologyTestDriver(SluiceTopology.build(config, metrics),
                StreamsProperties.of(config, metrics), Instant.now())) {
            WindowStore<byte[], byte[]> store = driver.getWindowStore(EventIndex.STORE);
            long t0 = System.nanoTime();
            // within the dedupe window (24 h by default): one event every 50 ms of the last ~14 h
            long now = System.currentTimeMillis();
            for (int i = 0; i < events; i++) {
                long at = now - (long) (events - i) * 50;
                IndexEntry e = IndexEntry.first("push", new IndexEntry.Delivery(at, 1, i % 12, i, false),
                        List.of("gh.push"), null, null);
                store.put(("github:evt-" + i).getBytes(StandardCharsets.UTF_8), IndexEntryCodec.encode(e), at);
            }
            System.out.printf("indexed %,d events in %.1f s%n", events, (System.nanoTime() - t0) / 1e9);
            OffsetResolver resolver = null;
            if (bootstrap != null) {
                t0 = System.nanoTime();
                writeOutputs(bootstrap, events, now);
                System.out.printf("wrote their %,d output records (%d-byte values, 3 partitions) in %.1f s%n", events,
                        OUTPUT_BYTES, (System.nanoTime() - t0) / 1e9);
                resolver = new OffsetResolver(config);
            }
            EventIndex lookup = new EventIndex(() -> store, resolver == null ? Resolver.NONE : resolver,
                    config.topics().deadLetter());
            String mustHave = resolver == null ? null : "\"offset\":";
            String token = "bench-token-0123456789";
            AdminServer server = AdminServer.start("127.0.0.1", 0, new AdminAuth(List.of(
                    new AdminToken("bench", new Secret(token), Set.of(Scope.READ)))), List.of(new EventRoutes(lookup)));
            try {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                Random random = new Random(42);
                Histogram get = new Histogram(3_600_000_000L, 3);
                Histogram list = new Histogram(3_600_000_000L, 3);
                for (int i = 0; i < lookups + 2_000; i++) { // the first 2 000 warm up
                    String id = "evt-" + random.nextInt(events);
                    long s = System.nanoTime();
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                    + server.port() + "/admin/events/github/" + id))
                            .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                    long micros = (System.nanoTime() - s) / 1000;
                    if (r.statusCode() != 200 || !r.body().contains(id)
                            || (mustHave != null && !r.body().contains(mustHave))) {
                        throw new IllegalStateException("lookup of " + id + " answered " + r.statusCode());
                    }
                    if (i >= 2_000) {
                        get.recordValue(micros);
                    }
                    if (i % LIST_EVERY == 0) {
                        s = System.nanoTime();
                        HttpResponse<String> l = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                        + server.port() + "/admin/events?limit=50&source=github"))
                                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                        if (l.statusCode() != 200) {
                            throw new IllegalStateException("list answered " + l.statusCode());
                        }
                        if (i >= 2_000) {
                            list.recordValue((System.nanoTime() - s) / 1000);
                        }
                    }
                }
                print("GET /admin/events/{source}/{id}" + (resolver == null ? "" : " (offsets resolved)"), get);
                print("GET /admin/events?limit=50", list);
            } finally {
                server.close();
                if (resolver != null) {
                    resolver.close();
                }
            }
        } finally {
            delete(dir);
        }
    }

    /** Each event's output record on {@code gh.push}: same key, {@code ce_id} and timestamp as the processor writes. */
    private static void writeOutputs(String bootstrap, int events, long now) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic("gh.push", 3, (short) 1))).all().get();
        }
        byte[] value = new byte[OUTPUT_BYTES];
        new Random(7).nextBytes(value);
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 262_144,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < events; i++) {
                long at = now - (long) (events - i) * 50;
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>("gh.push", null, at,
                        ("github:evt-" + i).getBytes(StandardCharsets.UTF_8), value);
                r.headers().add("ce_id", ("evt-" + i).getBytes(StandardCharsets.UTF_8));
                producer.send(r);
            }
            producer.flush();
        }
    }

    private static void delete(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private static void print(String what, Histogram h) {
        System.out.printf("%-36s n=%,d  p50=%.2f ms  p99=%.2f ms  p99.9=%.2f ms  max=%.2f ms%n", what,
                h.getTotalCount(), h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0);
    }
}
