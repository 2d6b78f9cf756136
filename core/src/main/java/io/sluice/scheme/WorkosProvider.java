package io.sluice.scheme;

import io.sluice.config.ValueLocator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * WorkOS: {@code WorkOS-Signature: t=<milliseconds>, v1=<hex>} = HMAC-SHA256 of {@code {t}.{body}} with
 * the webhook secret; 180 s tolerance (the SDK's default). Id: body {@code /id} ({@code event_…});
 * type: body {@code /event}.
 */
final class WorkosProvider extends ParamsHeaderFamily {
    WorkosProvider() {
        super(new Rule("WorkOS-Signature", ",", "t", "v1", ".", true, Duration.ofSeconds(180),
                List.of(ValueLocator.json("/id")), List.of(ValueLocator.json("/event"))));
    }

    @Override
    public String name() {
        return "workos";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/data/id").time("/created_at")
                .attribute("object", "/data/object").attribute("organization_id", "/data/organization_id")
                .attribute("directory_id", "/data/directory_id");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"id\":\"event_" + UUID.randomUUID().toString().replace("-", "").substring(0, 26).toUpperCase()
                + "\",\"event\":\"user.created\",\"data\":{\"object\":\"user\",\"id\":\"user_01E4ZCR3C5\","
                + "\"email\":\"ana@example.com\"},\"created_at\":\"" + now + "\"}";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_SIGNS;
    }

    @Override
    public String vectorOrigin() {
        return "@workos-inc/node webhooks.computeSignature and constructEvent (tools/vectors/package-lock.json)";
    }
}
