package io.sluice.scheme;

import io.sluice.config.ValueLocator;

import java.time.Instant;
import java.util.UUID;

/**
 * PagerDuty (v3 webhooks): {@code X-PagerDuty-Signature: v1=<hex>[,v1=<hex>…]}, one HMAC-SHA256 of the
 * raw body per active secret (rotation), keyed with the subscription secret (UTF-8); any may match. No
 * timestamp is signed. Id: body {@code /event/id} (required); type: body {@code /event/event_type}.
 */
final class PagerdutyProvider extends HmacFamily {
    PagerdutyProvider() {
        super(HmacRule.header("X-PagerDuty-Signature").prefix("v1=").several(",")
                .idFrom(ValueLocator.json("/event/id"))
                .typeFrom(ValueLocator.json("/event/event_type")));
    }

    @Override
    public String name() {
        return "pagerduty";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE; // a new subscription sends an ordinary signed "pagey.ping" event
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/event/data/id").time("/event/occurred_at")
                .attribute("resource_type", "/event/resource_type").attribute("service", "/event/data/service/id")
                .attribute("agent", "/event/agent/id");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"event\":{\"id\":\"" + UUID.randomUUID().toString().replace("-", "").substring(0, 26).toUpperCase()
                + "\",\"event_type\":\"incident.triggered\",\"resource_type\":\"incident\",\"occurred_at\":\"" + now
                + "\",\"agent\":null,\"client\":null,\"data\":{\"id\":\"Q1SLUICE01\",\"type\":\"incident\","
                + "\"status\":\"triggered\",\"title\":\"Disk almost full\",\"service\":{\"id\":\"PF9KMXH\"}}}}";
    }

    @Override
    public Proof proof() {
        return Proof.SDK_TEST_VECTOR;
    }

    @Override
    public String vectorOrigin() {
        return "go-pagerduty webhookv3 test vector; Node crypto per developer.pagerduty.com (tools/vectors/providers/pagerduty.mjs)";
    }
}
