package io.sluice.scheme;

import com.fasterxml.jackson.core.JsonPointer;
import io.sluice.config.ConfigException;
import io.sluice.config.SourceConfig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Family: Standard Webhooks (and Svix, its origin; every Svix-based sender): {@code webhook-signature}
 * holds space-separated {@code v1,<base64>} entries, any of which may match the HMAC-SHA256 of
 * {@code {id}.{timestamp}.{body}} with {@code webhook-id} and {@code webhook-timestamp} (seconds, 300 s
 * tolerance). The key is the base64-decoded secret after an optional {@code whsec_}. When no
 * {@code webhook-*} header is present the {@code svix-*} names are read instead, as the Svix libraries
 * do. Id: {@code webhook-id}; type: body {@link #typePointer()} (default {@code /type}).
 */
abstract class StandardWebhooksFamily extends Provider {
    static final String ID = "webhook-id";
    static final String TIMESTAMP = "webhook-timestamp";
    static final String SIGNATURE = "webhook-signature";
    private static final Duration TOLERANCE = Duration.ofSeconds(300);
    private static final byte[] DOT = {'.'};

    @Override
    public final Family family() {
        return Family.STANDARD_WEBHOOKS;
    }

    @Override
    public final List<String> headers() {
        return List.of(SIGNATURE, ID, TIMESTAMP);
    }

    @Override
    public final Duration tolerance() {
        return TOLERANCE;
    }

    @Override
    public String eventIdSource() {
        return "header webhook-id (svix-id)";
    }

    @Override
    public Example example() {
        return Example.secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    }

    @Override
    public Set<String> secretHeaders(SourceConfig source) {
        return Set.of(SIGNATURE, "svix-signature");
    }

    /** Where the event type is in the body. */
    String typePointer() {
        return "/type";
    }

    /**
     * The HMAC key of one configured secret: the spec's base64 after an optional {@code whsec_}; null or empty
     * when the secret is not that. A sender that keys with the secret's text instead (Polar) overrides it and
     * {@link #secretFormat()}.
     */
    byte[] key(String secret) {
        return Codec.base64(secret.startsWith("whsec_") ? secret.substring(6) : secret);
    }

    /** What a secret must look like, for the config error when {@link #key} refuses one. */
    String secretFormat() {
        return "base64 (optionally prefixed with whsec_)";
    }

    @Override
    final Scheme scheme(SourceConfig source, Clock clock) {
        return new Verifier(source, clock, JsonPointer.compile(typePointer()), this);
    }

    private static final class Verifier extends Scheme {
        private final List<HmacKey> keys;
        private final JsonPointer type;
        private final StandardWebhooksFamily provider;

        Verifier(SourceConfig source, Clock clock, JsonPointer type, StandardWebhooksFamily provider) {
            super(source, clock, TOLERANCE);
            this.type = type;
            this.provider = provider;
            List<HmacKey> k = new ArrayList<>();
            for (int i = 0; i < source.secrets().size(); i++) {
                byte[] key = provider.key(source.secrets().get(i).reveal());
                if (key == null || key.length == 0) {
                    throw new ConfigException("sources." + source.name() + ".secrets[" + i + "]",
                            provider.name() + " secrets must be " + provider.secretFormat());
                }
                k.add(new HmacKey("HmacSHA256", key));
            }
            this.keys = List.copyOf(k);
        }

        @Override
        Verification check(Inbound in) {
            String prefix = in.header(SIGNATURE) == null && in.header(ID) == null && in.header(TIMESTAMP) == null
                    && in.header("svix-signature") != null ? "svix-" : "webhook-";
            String sigHeader = prefix + "signature";
            String sigText = required(in, sigHeader, Reason.MISSING_SIGNATURE);
            String msgId = required(in, prefix + "id", Reason.MISSING_EVENT_ID);
            String tsText = required(in, prefix + "timestamp", Reason.MISSING_TIMESTAMP);
            Instant ts = epoch(tsText, prefix + "timestamp");
            List<byte[]> candidates = new ArrayList<>();
            boolean sawV1 = false;
            for (String entry : sigText.split(" ")) {
                int comma = entry.indexOf(',');
                if (comma < 0 || !entry.substring(0, comma).equals("v1")) {
                    continue; // other versions (v1a asymmetric, future ones) are not ours to check
                }
                sawV1 = true;
                byte[] sig = Codec.base64(entry.substring(comma + 1));
                if (sig != null && sig.length == keys.get(0).length()) {
                    candidates.add(sig);
                }
            }
            if (!sawV1) {
                throw new Rejection(Reason.MISSING_SIGNATURE, sigHeader + " has no v1 signature");
            }
            if (candidates.isEmpty()) {
                throw new Rejection(Reason.MALFORMED_SIGNATURE, sigHeader + " has no well-formed v1 signature");
            }
            requireMatch(keys, candidates, Codec.utf8(msgId), DOT, Codec.utf8(tsText), DOT, in.body());
            Instant at = withinTolerance(ts);
            String id = source.eventId() != null ? eventId(in, List.of(), false) : validId(msgId);
            return new Verification.Verified(id, eventType(in), at, null);
        }

        @Override
        String presetType(Inbound in) {
            if (in.body().length == 0) {
                // The reference libraries (standardwebhooks, svix) accept an empty payload explicitly, so an
                // authenticated empty body is an event without a type rather than invalid JSON.
                return "";
            }
            String t = in.jsonText(type, "event type");
            return t == null ? "" : t;
        }

        @Override
        public Map<String, String> sign(SignRequest r) {
            String id = r.eventId() != null ? r.eventId() : "msg_" + UUID.randomUUID().toString().replace("-", "");
            String ts = Long.toString(nowOr(r.time()));
            HmacKey key = r.signingKey() == null ? keys.get(0) : new HmacKey("HmacSHA256", provider.key(r.signingKey()));
            byte[] mac = key.sign(Codec.utf8(id), DOT, Codec.utf8(ts), DOT, r.body());
            Map<String, String> h = headers();
            h.put(ID, id);
            h.put(TIMESTAMP, ts);
            h.put(SIGNATURE, "v1," + Codec.base64(mac));
            return h;
        }
    }
}
