package io.sluice.scheme;

import java.time.Instant;
import java.util.UUID;

/**
 * Resend: delivers through Svix (Standard Webhooks under {@code svix-*} header names, {@code whsec_}
 * signing secret, 300 s). Id: {@code svix-id}; type: body {@code /type} ({@code email.delivered}…).
 */
final class ResendProvider extends StandardWebhooksFamily {
    @Override
    public String name() {
        return "resend";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/data/email_id", "/data/id").time("/created_at")
                .attribute("from", "/data/from").attribute("subject", "/data/subject")
                .attribute("bounce_type", "/data/bounce/type");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"type\":\"email.delivered\",\"created_at\":\"" + now + "\",\"data\":{\"email_id\":\"" + UUID.randomUUID()
                + "\",\"from\":\"Acme <onboarding@resend.dev>\",\"to\":[\"delivered@resend.dev\"],\"subject\":\"Hello\"}}";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_VERIFIES;
    }

    @Override
    public String vectorOrigin() {
        return "svix Webhook.sign, each case checked by resend webhooks.verify (tools/vectors/package-lock.json)";
    }
}
