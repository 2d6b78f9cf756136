package io.sluice.scheme;

import io.sluice.config.SourceConfig;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Plivo (signature V3, sent with Voice callbacks): {@code X-Plivo-Signature-V3} = base64 HMAC-SHA256, keyed
 * with the account's (or sub-account's) auth token, of the URL Plivo called, its POST parameters and the
 * random {@code X-Plivo-Signature-V3-Nonce}; {@code X-Plivo-Signature-Ma-V3} is the same signed with the main
 * account's token (either may match a configured secret; each may list several signatures separated by
 * commas). The signed string, as the {@code plivo} library's {@code validateV3Signature} builds it:
 * {@code <scheme>://<host[:port]><path>}, then {@code ?<query>} (the URL's query parameters decoded and
 * sorted, {@code name=value} joined by {@code &}) when there is a query or a POST parameter, then {@code .}
 * when there are both, then each POST parameter sorted by name (each value, sorted) as {@code <name><value>},
 * then {@code .<nonce>}. The URL is the source's {@code public-url}. No timestamp; only POST callbacks
 * (Plivo's default) are verified. Id: SHA-256 of the body (Plivo sends no delivery id; a call has several
 * callbacks under one {@code CallUUID}); type {@code call.<CallStatus>}, else {@code message.<Status>}.
 */
final class PlivoProvider extends Provider {
    private static final String SIGNATURE = "X-Plivo-Signature-V3";
    private static final String MAIN_ACCOUNT_SIGNATURE = "X-Plivo-Signature-Ma-V3";
    private static final String NONCE = "X-Plivo-Signature-V3-Nonce";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public String name() {
        return "plivo";
    }

    @Override
    public Family family() {
        return Family.URL_SIGNED;
    }

    @Override
    public List<String> headers() {
        return List.of(SIGNATURE, MAIN_ACCOUNT_SIGNATURE, NONCE);
    }

    @Override
    public Set<String> secretHeaders(SourceConfig source) {
        return Set.of(SIGNATURE, MAIN_ACCOUNT_SIGNATURE);
    }

    @Override
    public Duration tolerance() {
        return Duration.ZERO;
    }

    @Override
    public String eventIdSource() {
        return "SHA-256 of the body";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.anyBody();
    }

    /** Form fields: subject CallUUID (else MessageUUID); attributes From, To, Direction, Event. */
    @Override
    public EventDetails details(Payload payload, SourceConfig source) {
        return FormBody.details(payload, List.of("CallUUID", "MessageUUID"), List.of("From", "To", "Direction", "Event"));
    }

    @Override
    public String sampleBody(Instant now) {
        return "CallUUID=1e5ae5b2-7d1c-4c3e-9b8a-" + Long.toHexString(now.toEpochMilli()) + "&CallStatus=in-progress"
                + "&Direction=inbound&Event=StartApp&From=14155550100&To=14155550199&BillRate=0.0085";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_VERIFIES;
    }

    @Override
    public String vectorOrigin() {
        return "Node crypto per plivo validateV3Signature's signed string, each case checked by plivo validateV3Signature "
                + "(tools/vectors/package-lock.json)";
    }

    @Override
    Scheme scheme(SourceConfig source, Clock clock) {
        return new Verifier(source, clock);
    }

    /**
     * The string Plivo signs (without {@code .<nonce>}) for a POST to {@code url} with {@code params}; null when
     * {@code url} is not an absolute URL.
     */
    static String signedString(String url, Map<String, List<String>> params) {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (u.getScheme() == null || u.getRawAuthority() == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(u.getScheme()).append("://").append(u.getRawAuthority())
                .append(u.getRawPath() == null ? "" : u.getRawPath());
        Map<String, List<String>> query = u.getRawQuery() == null ? Map.of()
                : FormBody.parse(u.getRawQuery().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (query == null) {
            return null;
        }
        if (!query.isEmpty() || !params.isEmpty()) {
            List<String> pairs = new ArrayList<>();
            sorted(query).forEach((k, vs) -> vs.forEach(v -> pairs.add(k + "=" + v)));
            b.append('?').append(String.join("&", pairs));
        }
        if (!query.isEmpty() && !params.isEmpty()) {
            b.append('.');
        }
        sorted(params).forEach((k, vs) -> vs.forEach(v -> b.append(k).append(v)));
        return b.toString();
    }

    /** Names sorted, and each name's values sorted (duplicates kept), as the library sorts them. */
    private static Map<String, List<String>> sorted(Map<String, List<String>> in) {
        Map<String, List<String>> out = new TreeMap<>();
        in.forEach((k, vs) -> {
            List<String> copy = new ArrayList<>(vs);
            Collections.sort(copy);
            out.put(k, copy);
        });
        return out;
    }

    private final class Verifier extends Scheme {
        private final List<HmacKey> keys;

        Verifier(SourceConfig source, Clock clock) {
            super(source, clock, Duration.ZERO);
            this.keys = utf8Keys("HmacSHA256");
        }

        @Override
        Verification check(Inbound in) {
            String main = in.header(SIGNATURE);
            String master = in.header(MAIN_ACCOUNT_SIGNATURE);
            if ((main == null || main.isBlank()) && (master == null || master.isBlank())) {
                throw new Rejection(Reason.MISSING_SIGNATURE, "no " + SIGNATURE + " or " + MAIN_ACCOUNT_SIGNATURE + " header");
            }
            String nonce = required(in, NONCE, Reason.MISSING_SIGNATURE);
            List<byte[]> candidates = new ArrayList<>();
            for (String header : new String[]{main, master}) {
                if (header == null) {
                    continue;
                }
                for (String part : header.split(",")) {
                    byte[] sig = Codec.base64(part.trim());
                    if (sig != null && sig.length == keys.get(0).length()) {
                        candidates.add(sig);
                    }
                }
            }
            if (candidates.isEmpty()) {
                throw new Rejection(Reason.MALFORMED_SIGNATURE, SIGNATURE + " has no well-formed base64 signature");
            }
            Map<String, List<String>> params = FormBody.parseOrReject(in.body());
            String signed = signedString(publicUrl(in.url()), params);
            if (signed == null || !anyMatches(keys, candidates, Codec.utf8(signed + "." + nonce))) {
                throw new Rejection(Reason.INVALID_SIGNATURE, "signature does not match any configured secret (is "
                        + "public-url the URL Plivo calls?)");
            }
            return new Verification.Verified(eventId(in, List.of(), true), eventType(in), null, null);
        }

        @Override
        String presetType(Inbound in) {
            Map<String, List<String>> f = in.bodyLooksLikeJson() ? null : FormBody.parse(in.body());
            if (f == null) {
                return "";
            }
            String call = FormBody.first(f, "CallStatus");
            if (call != null) {
                return "call." + call;
            }
            String message = FormBody.first(f, "Status");
            return message != null ? "message." + message : "";
        }

        @Override
        public Map<String, String> sign(SignRequest r) {
            Map<String, String> h = headers();
            String url = publicUrl(r.url());
            Map<String, List<String>> params = FormBody.parse(r.body());
            String signed = url.isEmpty() || params == null ? null : signedString(url, params);
            if (signed == null) {
                throw new IllegalArgumentException("cannot sign: plivo signs the URL it calls and the form body "
                        + "(give the source a public-url, and a form-encoded body)");
            }
            String nonce = Long.toUnsignedString(RANDOM.nextLong());
            HmacKey key = r.signingKey() == null ? keys.get(0) : new HmacKey("HmacSHA256", Codec.utf8(r.signingKey()));
            h.put(NONCE, nonce);
            h.put(SIGNATURE, Codec.base64(key.sign(Codec.utf8(signed + "." + nonce))));
            h.put("Content-Type", FormBody.CONTENT_TYPE);
            return h;
        }
    }
}
