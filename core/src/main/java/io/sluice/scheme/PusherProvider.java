package io.sluice.scheme;

import io.sluice.config.ValueLocator;

import java.time.Instant;

/**
 * Pusher Channels webhooks: {@code X-Pusher-Signature} = hex HMAC-SHA256 of the raw body, keyed with the
 * app secret's UTF-8 bytes; {@code X-Pusher-Key} names the app (its public key) and is not checked (a source
 * is one app, and the signature already proves the app secret). No timestamp is signed. A delivery is
 * {@code {"time_ms":…,"events":[…]}} with no id: the id is the SHA-256 of the body; the first event gives
 * the type ({@code name}: {@code channel_occupied}, {@code member_added}, …) and the subject (its channel).
 */
final class PusherProvider extends HmacFamily {
    PusherProvider() {
        super(HmacRule.header("X-Pusher-Signature").typeFrom(ValueLocator.json("/events/0/name")));
    }

    @Override
    public String name() {
        return "pusher";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/events/0/channel").time("/time_ms")
                .attribute("event", "/events/0/event").attribute("user_id", "/events/0/user_id")
                .attribute("socket_id", "/events/0/socket_id");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"time_ms\":" + now.toEpochMilli() + ",\"events\":[{\"name\":\"channel_occupied\",\"channel\":\"private-orders\"}]}";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_SIGNS;
    }

    @Override
    public String vectorOrigin() {
        return "pusher Token.sign (the signer of its WebHook), checked by pusher.webhook(…).isValid (tools/vectors/package-lock.json)";
    }
}
