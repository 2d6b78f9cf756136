package io.sluice.ingress;

import io.sluice.bench.SignedFixture;
import io.sluice.scheme.Delivery;
import io.sluice.scheme.Verification;
import io.sluice.scheme.WebhookVerifier;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The ingress's per-request work outside Vert.x and Kafka's network code, on the real classes:
 * {@link #verifyAndBuild} = header view + verification (signature, timestamp, id and type) + the raw
 * record; {@link #writeAcked} = {@link RawWriter#write} to a producer that acknowledges at once, until
 * the caller holds the acknowledgement (the cost of getting a record to the producer and the answer
 * back). In package {@code io.sluice.ingress} because those classes are package-private.
 *
 * <p>Run from the harness classpath (the shaded benchmarks.jar leaves the ingress out):
 * {@code java -cp bench/target/classes:$(cat bench/target/harness.classpath) org.openjdk.jmh.Main IngressPathBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IngressPathBenchmark {
    private static final String URL = "http://127.0.0.1/webhooks/bench";

    /** hyperspell: timestamp, type in the JSON body, id = SHA-256 of the body (what bench/run sends); github: all in headers. */
    @Param({"hyperspell", "github"})
    public String scheme;

    @Param({"1024"})
    public int bodyBytes;

    private WebhookVerifier verifier;
    private MultiMap headers;
    private byte[] body;
    private final RawRecords records = new RawRecords("sluice.raw");
    private RawWriter writer;
    private MockProducer<byte[], byte[]> producer;
    private ProducerRecord<byte[], byte[]> record;
    private final io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry =
            new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                    io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
    private final IngressMetrics metrics = new IngressMetrics(registry);

    @Setup(Level.Trial)
    public void setUp() {
        SignedFixture f = SignedFixture.of(scheme, URL, body(bodyBytes));
        body = f.body();
        headers = HttpHeaders.headers();
        // what a typical provider request carries besides the signature
        headers.add("Host", "127.0.0.1:8080").add("User-Agent", "bench/1.0").add("Accept", "*/*")
                .add("Content-Type", "application/json").add("Content-Length", Integer.toString(body.length));
        f.signed().forEach(headers::add);
        verifier = f.verifier();
        if (!(verifyAndBuild() != null)) {
            throw new IllegalStateException(scheme + " does not verify its own delivery");
        }
        producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        writer = new RawWriter(producer, 10_000, nanos -> { });
        record = verifyAndBuild();
    }

    /** The mock keeps every record it was sent: forget them between iterations. */
    @Setup(Level.Iteration)
    public void forget() {
        producer.clear();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        writer.close(java.time.Duration.ofSeconds(5));
    }

    @Benchmark
    public ProducerRecord<byte[], byte[]> verifyAndBuild() {
        Delivery d = new Delivery(URL, new VertxHeaders(headers), body);
        Verification v = verifier.verify(d);
        if (v instanceof Verification.Verified ok) {
            return records.record("bench", ok, body, headers.get(HttpHeaders.CONTENT_TYPE), 1L);
        }
        throw new IllegalStateException("not verified: " + v);
    }

    /** Counting a request as the ingress does ({@link IngressMetrics#request}). */
    @Benchmark
    public void countRequest() {
        metrics.request("bench", "accepted");
    }

    /** The same count as it was done before: the counter built and registered on every request. */
    @Benchmark
    public void countRequestRebuilt() {
        io.micrometer.core.instrument.Counter.builder("sluice.ingress.requests")
                .description("Webhook requests by source and outcome")
                .tag("source", "bench").tag("outcome", "accepted").register(registry).increment();
    }

    @Benchmark
    public RecordMetadata writeAcked() {
        return writer.write(record).join();
    }

    /** A JSON object with the fields the schemes read, padded to exactly {@code size} bytes. */
    static byte[] body(int size) {
        return SignedFixture.paddedJson("\"event\":\"index-completed\",\"app\":\"bench\",\"user_id\":\"user-1\","
                + "\"resource_id\":\"r-1\",\"timestamp\":" + SignedFixture.NOW.getEpochSecond(), size);
    }
}
