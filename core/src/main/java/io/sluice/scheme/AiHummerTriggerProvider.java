package io.sluice.scheme;

import io.sluice.config.Secret;
import io.sluice.config.SourceConfig;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * AiHummer integration trigger: {@code X-AIHummer-Signature} = hex HMAC-SHA256 of the body (an optional
 * {@code sha256=} prefix is tolerated), or, when that header is absent, {@code Authorization: Bearer
 * <secret>}. When the signature header is present it alone decides. No timestamp. Id: SHA-256 of the body.
 * Type: {@code trigger.<channel>} from body {@code /channel}, else {@code trigger}.
 */
final class AiHummerTriggerProvider extends Preset {
    static final String SIGNATURE = "X-AIHummer-Signature";
    static final String AUTHORIZATION = "Authorization";
    private static final Duration TOLERANCE = Duration.ZERO;

    AiHummerTriggerProvider() {
        super("aihummer-trigger", Family.HMAC, TOLERANCE, List.of(SIGNATURE, AUTHORIZATION), "SHA-256 of the body");
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/external_id").attribute("channel", "/channel").attribute("external_id", "/external_id");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"channel\":\"zapier\",\"external_id\":\"lead-" + java.util.UUID.randomUUID().toString().substring(0, 8)
                + "\",\"text\":\"New lead captured from the contact form.\"}";
    }

    @Override
    public Proof proof() {
        return Proof.CONTRACT;
    }

    @Override
    public String vectorOrigin() {
        return "node crypto per AiHummer's trigger doc";
    }

    @Override
    Scheme scheme(SourceConfig source, Clock clock) {
        return new Verifier(source, clock);
    }

    private static final class Verifier extends Scheme {
        private final List<HmacKey> keys;
        private final List<byte[]> tokenDigests;

        Verifier(SourceConfig source, Clock clock) {
            super(source, clock, TOLERANCE);
            this.keys = utf8Keys("HmacSHA256");
            this.tokenDigests = source.secrets().stream().map(Secret::utf8).map(Codec::sha256).toList();
        }

        @Override
        Verification check(Inbound in) {
            String sig = in.header(SIGNATURE);
            if (sig != null) {
                String hex = sig.regionMatches(true, 0, "sha256=", 0, 7) ? sig.substring(7) : sig;
                requireMatch(keys, List.of(hexSignature(hex, SIGNATURE, keys)), in.body());
            } else {
                String auth = in.header(AUTHORIZATION);
                if (auth == null) {
                    throw new Rejection(Reason.MISSING_SIGNATURE, "neither " + SIGNATURE + " nor Authorization is present");
                }
                if (!auth.regionMatches(true, 0, "Bearer ", 0, 7) || auth.substring(7).isBlank()) {
                    throw new Rejection(Reason.MALFORMED_SIGNATURE, "Authorization must be 'Bearer <token>'");
                }
                byte[] given = Codec.sha256(Codec.utf8(auth.substring(7).trim()));
                boolean ok = false;
                for (byte[] d : tokenDigests) {
                    ok |= MessageDigest.isEqual(d, given);
                }
                if (!ok) {
                    throw new Rejection(Reason.INVALID_SIGNATURE, "bearer token does not match any configured secret");
                }
            }
            return new Verification.Verified(eventId(in, List.of(), true), eventType(in), null, null);
        }

        @Override
        String presetType(Inbound in) {
            String channel = in.jsonText(AiHummerInboundProvider.CHANNEL, "channel");
            return channel != null && !channel.isBlank() ? "trigger." + channel : "trigger";
        }

        @Override
        public Map<String, String> sign(SignRequest r) {
            Map<String, String> h = headers();
            h.put(SIGNATURE, Codec.hex(keys.get(0).sign(r.body())));
            return h;
        }
    }
}
