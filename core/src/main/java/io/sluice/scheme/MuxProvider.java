package io.sluice.scheme;

import io.sluice.config.ValueLocator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Mux: {@code Mux-Signature: t=<s>,v1=<hex>[,v1=…]}, HMAC-SHA256 of {@code <t>.<raw body>} keyed with the
 * webhook signing secret; 300 s tolerance (the SDK's). Id: body {@code /id}; type: body {@code /type}.
 */
final class MuxProvider extends ParamsHeaderFamily {
    MuxProvider() {
        super(new Rule("Mux-Signature", ",", "t", "v1", ".", false, Duration.ofSeconds(300),
                List.of(ValueLocator.json("/id")), List.of(ValueLocator.json("/type"))));
    }

    @Override
    public String name() {
        return "mux";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/object/id", "/data/id").time("/created_at")
                .attribute("object_type", "/object/type").attribute("environment", "/environment/id")
                .attribute("passthrough", "/data/passthrough");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"type\":\"video.asset.ready\",\"object\":{\"type\":\"asset\",\"id\":\"QrikEQpEXp3RvklQSHyHSYOakQkhXRlB\"},"
                + "\"id\":\"" + UUID.randomUUID() + "\",\"environment\":{\"name\":\"Production\",\"id\":\"j0863n\"},"
                + "\"data\":{\"id\":\"QrikEQpEXp3RvklQSHyHSYOakQkhXRlB\",\"status\":\"ready\"},\"created_at\":\"" + now + "\"}";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_SIGNS;
    }

    @Override
    public String vectorOrigin() {
        return "@mux/mux-node webhooks.computeSignature, checked by webhooks.verifySignature (tools/vectors/package-lock.json)";
    }
}
