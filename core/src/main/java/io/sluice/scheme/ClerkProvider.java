package io.sluice.scheme;

import java.time.Instant;
import java.util.UUID;

/**
 * Clerk: delivers through Svix (Standard Webhooks under {@code svix-*} header names, {@code whsec_}
 * signing secret, 300 s). Id: {@code svix-id}; type: body {@code /type} ({@code user.created}…).
 */
final class ClerkProvider extends StandardWebhooksFamily {
    @Override
    public String name() {
        return "clerk";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/data/id").time("/timestamp")
                .attribute("object", "/data/object").attribute("instance_id", "/instance_id")
                .attribute("user_id", "/data/user_id");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"data\":{\"id\":\"user_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24)
                + "\",\"object\":\"user\",\"first_name\":\"Ana\"},\"object\":\"event\",\"timestamp\":" + now.toEpochMilli()
                + ",\"type\":\"user.created\",\"instance_id\":\"ins_demo\"}";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_VERIFIES;
    }

    @Override
    public String vectorOrigin() {
        return "svix Webhook.sign, each case checked by @clerk/backend verifyWebhook (tools/vectors/package-lock.json)";
    }
}
