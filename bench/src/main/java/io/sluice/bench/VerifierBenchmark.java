package io.sluice.bench;

import io.sluice.scheme.Delivery;
import io.sluice.scheme.Verification;
import io.sluice.scheme.WebhookVerifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Cost of verifying one valid delivery, per scheme, on a 1 KiB and a 64 KiB JSON body: signature,
 * timestamp and the JSON reads each scheme needs. Run it from the shaded jar (see docs/verifiers.md):
 * {@code java -jar bench/target/benchmarks.jar VerifierBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VerifierBenchmark {
    /** The presets, and one provider of each newer family: Ed25519, ECDSA P-256, URL-signed. */
    @Param({"hyperspell", "hume", "hyponema", "aihummer-inbound", "aihummer-trigger", "standard-webhooks",
            "stripe", "github", "slack", "shopify", "hmac", "discord", "sendgrid", "twilio"})
    public String scheme;

    @Param({"1024", "65536"})
    public int bodyBytes;

    private WebhookVerifier verifier;
    private Delivery delivery;

    @Setup
    public void setUp() {
        SignedFixture f = SignedFixture.of(scheme, "https://sluice.example/webhooks/bench", body(bodyBytes));
        verifier = f.verifier();
        delivery = f.delivery();
    }

    @Benchmark
    public Verification verify() {
        return verifier.verify(delivery);
    }

    /** A JSON object carrying every field some scheme reads, padded to exactly {@code size} bytes. */
    static byte[] body(int size) {
        return SignedFixture.paddedJson("\"id\":\"evt_1\",\"event_id\":\"e1\",\"type\":\"bench.type\","
                + "\"event\":\"index-completed\",\"event_name\":\"chat_ended\",\"channel\":\"email\","
                + "\"timestamp\":" + SignedFixture.NOW.getEpochSecond(), size);
    }
}
