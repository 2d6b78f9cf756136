package io.sluice.bench;

import io.sluice.config.SourceConfig;
import io.sluice.scheme.Delivery;
import io.sluice.scheme.Headers;
import io.sluice.scheme.Providers;
import io.sluice.scheme.Schemes;
import io.sluice.scheme.SignRequest;
import io.sluice.scheme.Verification;
import io.sluice.scheme.WebhookVerifier;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The setup the verifier and ingress-path benchmarks share: a fixed clock, a provider's example source
 * (docs/providers.md, so each provider is benchmarked as configured), a JSON body padded to a size, and
 * that body signed as the provider signs it. Built once per trial; it refuses to build when the provider
 * does not verify its own delivery, so a benchmark never measures a rejection.
 *
 * @param verifier the source's verifier, on {@link #CLOCK}
 * @param signed   the signature headers the provider would send
 * @param delivery the signed body as the verifier reads it (at {@code url}, with only the signed headers)
 */
public record SignedFixture(WebhookVerifier verifier, Map<String, String> signed, Delivery delivery) {
    /** When the benchmarks' deliveries are signed and verified. */
    public static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    /** {@link #NOW}, fixed, so timestamps never leave the tolerance however long a run takes. */
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** {@code body} signed for {@code scheme}'s example source, as a delivery to {@code url}. */
    public static SignedFixture of(String scheme, String url, byte[] body) {
        SourceConfig source = Providers.get(scheme).example().source("bench", scheme);
        Map<String, String> signed = Schemes.signer(source, CLOCK).sign(new SignRequest(body, NOW, "evt-1", url,
                "bench.type", Providers.get(scheme).example().signingKey()));
        WebhookVerifier verifier = Schemes.verifier(source, CLOCK);
        Delivery delivery = new Delivery(url, Headers.of(signed), body);
        Verification v = verifier.verify(delivery);
        if (!(v instanceof Verification.Verified)) {
            throw new IllegalStateException(scheme + " does not verify its own delivery: " + v);
        }
        return new SignedFixture(verifier, signed, delivery);
    }

    /** The body that was signed. */
    public byte[] body() {
        return delivery.body();
    }

    /** The JSON object {@code {<fields>,"pad":"xx…"}}, padded to exactly {@code size} bytes (when it fits). */
    public static byte[] paddedJson(String fields, int size) {
        String head = "{" + fields + ",\"pad\":\"";
        String tail = "\"}";
        int pad = Math.max(0, size - head.length() - tail.length());
        return (head + "x".repeat(pad) + tail).getBytes(StandardCharsets.UTF_8);
    }
}
