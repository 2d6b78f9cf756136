package io.sluice.bench;

import io.sluice.config.SourceConfig;
import io.sluice.scheme.Delivery;
import io.sluice.scheme.Headers;
import io.sluice.scheme.Providers;
import io.sluice.scheme.Schemes;
import io.sluice.scheme.SignRequest;
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

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
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
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

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
        SourceConfig source = source(scheme);
        byte[] body = body(bodyBytes);
        Map<String, String> headers = Schemes.signer(source, CLOCK)
                .sign(new SignRequest(body, NOW, "evt-1", "https://sluice.example/webhooks/bench", "bench.type",
                        Providers.get(scheme).example().signingKey()));
        verifier = Schemes.verifier(source, CLOCK);
        delivery = new Delivery("https://sluice.example/webhooks/bench", Headers.of(headers), body);
        Verification v = verifier.verify(delivery);
        if (!(v instanceof Verification.Verified)) {
            throw new IllegalStateException(scheme + " does not verify its own delivery: " + v);
        }
    }

    @Benchmark
    public Verification verify() {
        return verifier.verify(delivery);
    }

    /** The provider's example source (docs/providers.md), so each provider is benchmarked as configured. */
    static SourceConfig source(String scheme) {
        return Providers.get(scheme).example().source("bench", scheme);
    }

    /** A JSON object carrying every field some scheme reads, padded to exactly {@code size} bytes. */
    static byte[] body(int size) {
        String head = "{\"id\":\"evt_1\",\"event_id\":\"e1\",\"type\":\"bench.type\",\"event\":\"index-completed\","
                + "\"event_name\":\"chat_ended\",\"channel\":\"email\",\"timestamp\":" + NOW.getEpochSecond() + ",\"pad\":\"";
        String tail = "\"}";
        int pad = Math.max(0, size - head.length() - tail.length());
        return (head + "x".repeat(pad) + tail).getBytes(StandardCharsets.UTF_8);
    }
}
