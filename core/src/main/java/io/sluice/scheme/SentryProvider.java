package io.sluice.scheme;

import io.sluice.config.ValueLocator;

import java.time.Instant;
import java.util.UUID;

/**
 * Sentry (integration platform): {@code Sentry-Hook-Signature} = hex HMAC-SHA256 of the body with the
 * integration's client secret. {@code Sentry-Hook-Timestamp} is not signed, so it is reported as an
 * attribute, not checked. Id: {@code Request-ID} (required); type: {@code Sentry-Hook-Resource}
 * ({@code issue}, {@code event_alert}, {@code installation}…), the action is an attribute.
 */
final class SentryProvider extends HmacFamily {
    SentryProvider() {
        super(HmacRule.header("Sentry-Hook-Signature")
                .idFrom(ValueLocator.header("Request-ID"))
                .typeFrom(ValueLocator.header("Sentry-Hook-Resource")));
    }

    @Override
    public String name() {
        return "sentry";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json()
                .subject("/data/issue/shortId", "/data/issue/id", "/data/event/event_id", "/data/comment_id", "/installation/uuid")
                .time("/data/issue/lastSeen", "/data/timestamp", "/data/issue/firstSeen")
                .attribute("action", "/action").attribute("installation", "/installation/uuid")
                .attribute("project", "/data/issue/project/slug").attribute("level", "/data/issue/level");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"action\":\"created\",\"installation\":{\"uuid\":\"" + UUID.randomUUID() + "\"},\"data\":{\"issue\":"
                + "{\"id\":\"1170820242\",\"shortId\":\"DEMO-1\",\"title\":\"TypeError\",\"level\":\"error\","
                + "\"project\":{\"slug\":\"demo\"},\"lastSeen\":\"" + now + "\"}},\"actor\":{\"type\":\"application\"}}";
    }

    @Override
    public String vectorOrigin() {
        return "node-crypto replicating Sentry's documented verification example (docs.sentry.io integration-platform webhooks)";
    }
}
