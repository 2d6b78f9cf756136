package io.sluice.scheme;

import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;

import java.net.URI;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Family: an HMAC over the URL the provider called plus the form parameters, sorted by name, each
 * name followed by its value (Twilio's rule). The URL is the source's {@code public-url} (the
 * ingress sits behind a load balancer, so the URL it sees is not the one the provider signed), with the
 * request's query string when the public URL has none; without {@code public-url}, the URL the
 * ingress received. As the providers' libraries do, the URL is tried as given and with the scheme's
 * default port added or removed. A JSON body is not in the signed string: the URL's {@code bodySHA256}
 * parameter carries its hex SHA-256, which must match. No timestamp.
 */
abstract class UrlSignedFamily extends Provider {
    private final String header;
    private final String algorithm;
    private final ValueLocator id;

    /**
     * @param header    the signature header (base64 HMAC)
     * @param algorithm Java MAC name, e.g. {@code HmacSHA1}
     * @param id        where the event id is, or null for the SHA-256 of the body
     */
    UrlSignedFamily(String header, String algorithm, ValueLocator id) {
        this.header = header;
        this.algorithm = algorithm;
        this.id = id;
    }

    @Override
    public final Family family() {
        return Family.URL_SIGNED;
    }

    @Override
    public List<String> headers() {
        return id != null && id.isHeader() ? List.of(header, id.header()) : List.of(header);
    }

    @Override
    public final Duration tolerance() {
        return Duration.ZERO;
    }

    @Override
    public String eventIdSource() {
        return (id == null ? "" : Scheme.where(id) + ", else ")
                + "SHA-256 of the body";
    }

    /** The event type of a verified delivery (form fields are in {@code form}); "" when none. */
    abstract String type(Map<String, List<String>> form);

    @Override
    final Scheme scheme(SourceConfig source, Clock clock) {
        return new Verifier(source, clock);
    }

    /** The signed string: {@code url}, then each parameter name (sorted) followed by each of its values (sorted, once each). */
    static String signedString(String url, Map<String, List<String>> params) {
        StringBuilder b = new StringBuilder(url);
        for (Map.Entry<String, List<String>> e : new TreeMap<>(params).entrySet()) {
            for (String v : new TreeSet<>(e.getValue())) {
                b.append(e.getKey()).append(v);
            }
        }
        return b.toString();
    }

    /** The URL as given and with the default port toggled (https 443, http 80), as the providers' libraries try. */
    static List<String> urlVariants(String url) {
        List<String> out = new ArrayList<>(List.of(url));
        try {
            URI u = URI.create(url);
            if (u.getScheme() == null || u.getRawAuthority() == null) {
                return out;
            }
            int def = "https".equalsIgnoreCase(u.getScheme()) ? 443 : "http".equalsIgnoreCase(u.getScheme()) ? 80 : -1;
            if (def < 0) {
                return out;
            }
            String rest = url.substring(url.indexOf(u.getRawAuthority()) + u.getRawAuthority().length());
            String host = u.getRawAuthority().contains("@") ? u.getRawAuthority() : u.getHost();
            if (u.getPort() == def) {
                out.add(u.getScheme() + "://" + host + rest);
            } else if (u.getPort() < 0) {
                out.add(u.getScheme() + "://" + host + ":" + def + rest);
            }
        } catch (IllegalArgumentException e) {
            // not a URI: the text as given only
        }
        return out;
    }

    private final class Verifier extends Scheme {
        private final List<HmacKey> keys;

        Verifier(SourceConfig source, Clock clock) {
            super(source, clock, Duration.ZERO);
            this.keys = utf8Keys(algorithm);
        }

        @Override
        Verification check(Inbound in) {
            byte[] sig = base64Signature(required(in, header, Reason.MISSING_SIGNATURE), header, keys);
            String url = publicUrl(in.url());
            String bodyHash = query(url, "bodySHA256");
            Map<String, List<String>> params;
            if (bodyHash != null) {
                params = Map.of();
                byte[] expected = Codec.sha256(in.body());
                byte[] given = Codec.hex(bodyHash);
                if (given == null || !MessageDigest.isEqual(expected, given)) {
                    throw new Rejection(Reason.INVALID_SIGNATURE, "the body does not match the URL's bodySHA256");
                }
            } else {
                params = FormBody.parseOrReject(in.body());
            }
            boolean ok = false;
            for (String u : urlVariants(url)) {
                ok |= anyMatches(keys, List.of(sig), Codec.utf8(signedString(u, params)));
            }
            if (!ok) {
                throw new Rejection(Reason.INVALID_SIGNATURE, "signature does not match any configured secret (is "
                        + "public-url the URL the provider calls?)");
            }
            String eventId = id == null ? eventId(in, List.of(), true) : eventId(in, List.of(id), true);
            return new Verification.Verified(eventId, eventType(in), null, null);
        }

        @Override
        String presetType(Inbound in) {
            Map<String, List<String>> f = bodyIsForm(in) ? FormBody.parse(in.body()) : null;
            return type(f == null ? Map.of() : f);
        }

        private boolean bodyIsForm(Inbound in) {
            return !in.bodyLooksLikeJson();
        }

        private static String query(String url, String name) {
            int q = url.indexOf('?');
            if (q < 0) {
                return null;
            }
            return Payload.parseForm(url.substring(q + 1)).get(name);
        }

        @Override
        public Map<String, String> sign(SignRequest r) {
            Map<String, String> h = headers();
            if (id != null && id.isHeader()) {
                h.put(id.header(), r.eventId() != null ? r.eventId() : randomId());
            }
            String url = publicUrl(r.url());
            if (url.isEmpty()) {
                throw new IllegalArgumentException("cannot sign: " + name() + " signs the URL it calls (give the source a public-url)");
            }
            Map<String, List<String>> params = query(url, "bodySHA256") != null ? Map.of() : FormBody.parse(r.body());
            if (params == null) {
                throw new IllegalArgumentException("cannot sign: the body is not form-encoded (a JSON body needs "
                        + "?bodySHA256=<hex SHA-256 of the body> in the URL)");
            }
            HmacKey key = r.signingKey() == null ? keys.get(0) : new HmacKey(algorithm, Codec.utf8(r.signingKey()));
            h.put(header, Codec.base64(key.sign(Codec.utf8(signedString(url, params)))));
            return h;
        }
    }

}
