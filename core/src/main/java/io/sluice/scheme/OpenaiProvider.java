package io.sluice.scheme;

import java.time.Instant;
import java.util.UUID;

/**
 * OpenAI: Standard Webhooks ({@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature},
 * a {@code whsec_} secret, 300 s). Id: {@code webhook-id} (OpenAI: use it to deduplicate); type: body
 * {@code /type}; the body's {@code /data/id} names the response, batch or job.
 */
final class OpenaiProvider extends StandardWebhooksFamily {
    @Override
    public String name() {
        return "openai";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/data/id").time("/created_at").attribute("event_id", "/id");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"object\":\"event\",\"id\":\"evt_" + UUID.randomUUID().toString().replace("-", "")
                + "\",\"type\":\"response.completed\",\"created_at\":" + now.getEpochSecond()
                + ",\"data\":{\"id\":\"resp_" + UUID.randomUUID().toString().replace("-", "") + "\"}}";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_VERIFIES;
    }

    @Override
    public String vectorOrigin() {
        return "standardwebhooks Webhook.sign, accepted by openai client.webhooks.verifySignature (tools/vectors/package-lock.json)";
    }
}
