package io.sluice.scheme;

import java.time.Instant;
import java.util.UUID;

/**
 * Replicate: Standard Webhooks ({@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature},
 * a {@code whsec_} secret, 300 s). The body is the prediction itself: type is its {@code /status}
 * (starting, processing, succeeded, failed, canceled), subject its {@code /id}.
 */
final class ReplicateProvider extends StandardWebhooksFamily {
    @Override
    public String name() {
        return "replicate";
    }

    @Override
    String typePointer() {
        return "/status";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/id").time("/completed_at", "/started_at", "/created_at")
                .attribute("model", "/model").attribute("version", "/version");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"id\":\"" + UUID.randomUUID().toString().replace("-", "").substring(0, 26) + "\",\"model\":"
                + "\"replicate/hello-world\",\"version\":\"5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa\","
                + "\"input\":{\"text\":\"Alice\"},\"output\":\"hello Alice\",\"error\":null,\"status\":\"succeeded\","
                + "\"created_at\":\"" + now + "\",\"completed_at\":\"" + now + "\"}";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_VERIFIES;
    }

    @Override
    public String vectorOrigin() {
        return "standardwebhooks Webhook.sign, accepted by replicate validateWebhook (tools/vectors/package-lock.json)";
    }
}
