package io.sluice.scheme;

import java.time.Instant;

/**
 * Svix: its operational webhooks and any sender built on Svix that has no preset of its own
 * ({@code svix-id}, {@code svix-timestamp}, {@code svix-signature}; {@code whsec_} secret, 300 s).
 * Id: {@code svix-id}; type: body {@code /type}.
 */
final class SvixProvider extends StandardWebhooksFamily {
    @Override
    public String name() {
        return "svix";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/data/msgId", "/data/endpointId", "/data/id")
                .time("/data/lastAttempt/timestamp", "/timestamp")
                .attribute("app_id", "/data/appId").attribute("endpoint_id", "/data/endpointId");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"type\":\"message.attempt.exhausted\",\"data\":{\"appId\":\"app_demo\",\"msgId\":\"msg_demo\","
                + "\"endpointId\":\"ep_demo\",\"lastAttempt\":{\"timestamp\":\"" + now + "\",\"responseStatusCode\":500}}}";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_SIGNS;
    }

    @Override
    public String vectorOrigin() {
        return "svix Webhook.sign and Webhook.verify (tools/vectors/package-lock.json)";
    }
}
