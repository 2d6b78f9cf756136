package io.sluice.scheme;

import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Pusher Channels webhooks: {@code X-Pusher-Signature} = hex HMAC-SHA256 of the raw body, keyed with the
 * app secret's UTF-8 bytes; {@code X-Pusher-Key} names the app (its public key). When the source sets
 * {@code app-key}, a delivery whose {@code X-Pusher-Key} is missing or names another app is refused, as Pusher's
 * own library refuses it ({@code WebHook.isValid} compares the key before the signature): missing is
 * {@code missing_signature}, another app {@code invalid_signature}; without {@code app-key} the header is not
 * read (the signature alone proves the app secret). No timestamp is signed. A delivery is
 * {@code {"time_ms":…,"events":[…]}} with no id: the id is the SHA-256 of the body; the first event gives
 * the type ({@code name}: {@code channel_occupied}, {@code member_added}, …) and the subject (its channel).
 */
final class PusherProvider extends HmacFamily {
    static final String SIGNATURE = "X-Pusher-Signature";
    static final String KEY = "X-Pusher-Key";

    PusherProvider() {
        super(HmacRule.header(SIGNATURE).typeFrom(ValueLocator.json("/events/0/name")));
    }

    @Override
    public List<String> headers() {
        return List.of(SIGNATURE, KEY);
    }

    @Override
    public String appKeyHeader() {
        return KEY;
    }

    @Override
    Scheme scheme(SourceConfig source, Clock clock) {
        Scheme signature = super.scheme(source, clock);
        return source.appKey() == null ? signature : new AppKeyed(source, clock, signature);
    }

    /** The signature check, after the app key check; the signer sends the key along. */
    private static final class AppKeyed extends Scheme {
        private final Scheme signature;
        /** SHA-256 of the configured key: compared digest to digest, so the time does not depend on where they differ or on the length. */
        private final byte[] expected;

        AppKeyed(SourceConfig source, Clock clock, Scheme signature) {
            super(source, clock, Duration.ZERO);
            this.signature = signature;
            this.expected = Codec.sha256(Codec.utf8(source.appKey()));
        }

        @Override
        Verification check(Inbound in) {
            String given = required(in, KEY, Reason.MISSING_SIGNATURE);
            if (!MessageDigest.isEqual(expected, Codec.sha256(Codec.utf8(given)))) {
                throw new Rejection(Reason.INVALID_SIGNATURE, KEY + " names another Pusher app than the source's app-key");
            }
            return signature.check(in);
        }

        @Override
        String presetType(Inbound in) {
            return signature.presetType(in);
        }

        @Override
        public Map<String, String> sign(SignRequest r) {
            Map<String, String> h = signature.sign(r);
            h.put(KEY, source.appKey());
            return h;
        }
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
