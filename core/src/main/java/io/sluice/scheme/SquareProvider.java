package io.sluice.scheme;

import io.sluice.config.ValueLocator;

import java.time.Instant;
import java.util.UUID;

/**
 * Square: {@code x-square-hmacsha256-signature} = base64 HMAC-SHA256 of {@code <notification URL><raw body>},
 * keyed with the subscription's signature key. The notification URL is the URL Square called: the source's
 * {@code public-url} (the ingress may sit behind a load balancer and see another). No timestamp is signed.
 * Id: body {@code /event_id} (required); type: body {@code /type}.
 */
final class SquareProvider extends HmacFamily {
    SquareProvider() {
        super(HmacRule.header("x-square-hmacsha256-signature").base64().template("{url}{body}")
                .idFrom(ValueLocator.json("/event_id"))
                .typeFrom(ValueLocator.json("/type")));
    }

    @Override
    public String name() {
        return "square";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/data/id").time("/created_at")
                .attribute("merchant_id", "/merchant_id").attribute("object_type", "/data/type");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"merchant_id\":\"6SSW7HV8K2ST5\",\"type\":\"payment.updated\",\"event_id\":\"" + UUID.randomUUID()
                + "\",\"created_at\":\"" + now + "\",\"data\":{\"type\":\"payment\",\"id\":\"KkAkhdMsgzn59SM8A89WgKwekxLZY\","
                + "\"object\":{\"payment\":{\"id\":\"KkAkhdMsgzn59SM8A89WgKwekxLZY\",\"status\":\"COMPLETED\"}}}}";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_SIGNS;
    }

    @Override
    public String vectorOrigin() {
        return "Square SDKs' shared WebhooksHelper test vector; square createHmacOverride, checked by WebhooksHelper.verifySignature";
    }
}
