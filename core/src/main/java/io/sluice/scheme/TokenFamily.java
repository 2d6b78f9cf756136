package io.sluice.scheme;

import io.sluice.config.Secret;
import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Family: a header carries a shared token that must equal one of the source's {@code secrets}
 * (GitLab's {@code X-Gitlab-Token}). Compared as SHA-256 digests in constant time, which also hides
 * the secret's length. No timestamp. A descriptor gives the header, the id rule (null: SHA-256 of the
 * body) and, by overriding {@link #type}, the event type.
 */
abstract class TokenFamily extends Provider {
    private final String header;
    private final ValueLocator id;
    private final String typeHeader;

    /**
     * @param header     the header that carries the token
     * @param id         where the event id is (required when set), or null for the SHA-256 of the body
     * @param typeHeader the header that carries the event type, or null (then override {@link #type})
     */
    TokenFamily(String header, ValueLocator id, String typeHeader) {
        this.header = header;
        this.id = id;
        this.typeHeader = typeHeader;
    }

    @Override
    public final Family family() {
        return Family.TOKEN;
    }

    @Override
    public List<String> headers() {
        List<String> out = new ArrayList<>(List.of(header));
        if (id != null && id.isHeader()) {
            out.add(id.header());
        }
        if (typeHeader != null) {
            out.add(typeHeader);
        }
        return out;
    }

    @Override
    public final Duration tolerance() {
        return Duration.ZERO;
    }

    @Override
    public String eventIdSource() {
        return id == null ? "SHA-256 of the body" : Scheme.where(id);
    }

    /** The event type of a verified delivery: the type header's value; "" when the provider gives none. */
    String type(Inbound in) {
        String t = typeHeader == null ? null : in.header(typeHeader);
        return t == null ? "" : t;
    }

    @Override
    final Scheme scheme(SourceConfig source, Clock clock) {
        return new Verifier(source, clock);
    }

    private final class Verifier extends Scheme {
        /** SHA-256 of each secret: comparing fixed-length digests hides the secret's length too. */
        private final List<byte[]> digests;

        Verifier(SourceConfig source, Clock clock) {
            super(source, clock, Duration.ZERO);
            this.digests = source.secrets().stream().map(Secret::utf8).map(Codec::sha256).toList();
        }

        @Override
        Verification check(Inbound in) {
            byte[] given = Codec.sha256(Codec.utf8(required(in, header, Reason.MISSING_SIGNATURE)));
            boolean ok = false;
            for (byte[] d : digests) {
                ok |= MessageDigest.isEqual(d, given);
            }
            if (!ok) {
                throw new Rejection(Reason.INVALID_SIGNATURE, header + " does not match any configured secret");
            }
            String eventId = id == null ? eventId(in, List.of(), true) : eventId(in, List.of(id), false);
            return new Verification.Verified(eventId, eventType(in), null, null);
        }

        @Override
        String presetType(Inbound in) {
            return type(in);
        }

        @Override
        public Map<String, String> sign(SignRequest r) {
            Map<String, String> h = headers();
            if (id != null && id.isHeader()) {
                h.put(id.header(), r.eventId() != null ? r.eventId() : randomId());
            }
            if (typeHeader != null && r.eventType() != null) {
                h.put(typeHeader, r.eventType());
            }
            h.put(header, r.signingKey() != null ? r.signingKey() : source.secrets().get(0).reveal());
            return h;
        }
    }
}
