package io.sluice.scheme;

import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Twitch EventSub (webhook transport): {@code Twitch-Eventsub-Message-Signature: sha256=<hex>} =
 * HMAC-SHA256 of message id + timestamp + body, the timestamp an RFC 3339 text refused when older than
 * 10 minutes. Id: {@code Twitch-Eventsub-Message-Id} (required); type: {@code
 * Twitch-Eventsub-Subscription-Type}. A {@code webhook_callback_verification} message (signed like any
 * other) is answered with its {@code challenge} as {@code text/plain}, as Twitch documents; revocations
 * are events whose {@code message_type} attribute says so.
 */
final class TwitchProvider extends HmacFamily {
    static final String MESSAGE_TYPE = "Twitch-Eventsub-Message-Type";

    TwitchProvider() {
        super(HmacRule.header("Twitch-Eventsub-Message-Signature").prefix("sha256=")
                .template("{id}{timestamp}{body}")
                .isoTimestamp(ValueLocator.header("Twitch-Eventsub-Message-Timestamp"), Duration.ofMinutes(10))
                .idFrom(ValueLocator.header("Twitch-Eventsub-Message-Id"))
                .typeFrom(ValueLocator.header("Twitch-Eventsub-Subscription-Type"), ValueLocator.json("/subscription/type")));
    }

    @Override
    public String name() {
        return "twitch";
    }

    @Override
    public Handshake handshake() {
        return CALLBACK_VERIFICATION;
    }

    private static final Handshake CALLBACK_VERIFICATION = new Handshake() {
        @Override
        public String describe() {
            return "POST webhook_callback_verification: challenge echoed as text/plain";
        }

        @Override
        public HandshakeReply verified(HandshakeRequest request, Verification.Verified delivery, SourceConfig source) {
            if (!"webhook_callback_verification".equals(request.header(MESSAGE_TYPE))) {
                return null;
            }
            String challenge = request.jsonText("/challenge");
            return challenge == null
                    ? HandshakeReply.refused(400, "bad_request", "webhook_callback_verification without a challenge")
                    : HandshakeReply.text(challenge);
        }
    };

    @Override
    public EventRules events() {
        return EventRules.json().subject("/event/broadcaster_user_id", "/subscription/condition/broadcaster_user_id")
                .time("/event/followed_at", "/event/started_at", "/subscription/created_at")
                .attribute("subscription_id", "/subscription/id").attribute("subscription_status", "/subscription/status")
                .attribute("broadcaster_user_login", "/event/broadcaster_user_login").attribute("user_id", "/event/user_id");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"subscription\":{\"id\":\"" + UUID.randomUUID() + "\",\"status\":\"enabled\",\"type\":\"channel.follow\","
                + "\"version\":\"2\",\"condition\":{\"broadcaster_user_id\":\"1337\"}},\"event\":{\"user_id\":\"1234\","
                + "\"user_login\":\"cool_user\",\"broadcaster_user_id\":\"1337\",\"followed_at\":\"" + now + "\"}}";
    }

    @Override
    public Proof proof() {
        return Proof.PUBLISHED_EXAMPLE;
    }

    @Override
    public String vectorOrigin() {
        return "Twitch's published challenge request (dev.twitch.tv handling-webhook-events: proves the handshake); signatures by node-crypto per that page (not proven outside)";
    }
}
