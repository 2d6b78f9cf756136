package io.sluice.scheme;

import io.sluice.config.ConfigException;
import io.sluice.config.SourceConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Braintree: a form-encoded POST of {@code bt_signature} = {@code <public key>|<hex HMAC-SHA1 of bt_payload>}
 * (several pairs joined with {@code &} while keys rotate) and {@code bt_payload} = base64 of the notification
 * XML; the HMAC key is the SHA-1 digest of the private key, and the payload may be signed with or without
 * a trailing newline (as Braintree's SDKs accept). A source's secret is {@code <public key>:<private key>}.
 * No timestamp is signed. Id: SHA-256 of the body; type: the XML's {@code <kind>}; time and subject: its
 * {@code <timestamp>} and the first {@code <id>} of its {@code <subject>}.
 */
final class BraintreeProvider extends Provider {
    private static final Pattern PAYLOAD_CHARS = Pattern.compile("[A-Za-z0-9+=/\\n]+");
    private static final Pattern KIND = Pattern.compile("<kind>([^<]{1,256})</kind>");
    private static final Pattern TIMESTAMP = Pattern.compile("<timestamp[^>]*>([^<]{1,64})</timestamp>");
    private static final Pattern SUBJECT_ID = Pattern.compile("<subject>.*?<id>([^<]{1,256})</id>", Pattern.DOTALL);

    @Override
    public String name() {
        return "braintree";
    }

    @Override
    public Family family() {
        return Family.HMAC;
    }

    /** The signature is in the form body: the content type is the only header read. */
    @Override
    public List<String> headers() {
        return List.of("Content-Type");
    }

    @Override
    public Set<String> secretHeaders(SourceConfig source) {
        return Set.of();
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

    /** Subject, time and kind from the notification XML (in {@code bt_payload}, or the bare XML of a sample). */
    @Override
    public EventDetails details(Payload payload, SourceConfig source) {
        String xml = xml(payload.body(), payload.form());
        if (xml == null) {
            return EventDetails.NONE;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        String kind = first(KIND, xml);
        if (kind != null) {
            attributes.put("kind", kind);
        }
        String ts = first(TIMESTAMP, xml);
        return new EventDetails(first(SUBJECT_ID, xml), ts == null ? null : Timestamps.iso(ts), attributes);
    }

    @Override
    public Example example() {
        return Example.secret("examplepublickey:exampleprivatekey0123456789abcdef");
    }

    @Override
    public String sampleBody(Instant now) {
        return "<notification>\n  <timestamp type=\"datetime\">" + now + "</timestamp>\n"
                + "  <kind>subscription_went_past_due</kind>\n  <subject><subscription>\n    <id>sub_demo01</id>\n"
                + "  </subscription></subject>\n</notification>\n";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_SIGNS;
    }

    @Override
    public String vectorOrigin() {
        return "braintree webhookTesting.sampleNotification, checked by webhookNotification.parse (tools/vectors/package-lock.json)";
    }

    @Override
    Scheme scheme(SourceConfig source, Clock clock) {
        return new Verifier(source, clock);
    }

    /** The notification XML of a delivery: base64-decoded {@code bt_payload}, or the body itself when it is XML. */
    private static String xml(byte[] body, Map<String, String> form) {
        String p = form.get("bt_payload");
        if (p == null) {
            p = FormBody.fields(body).get("bt_payload");
        }
        if (p != null) {
            try {
                return new String(Base64.getMimeDecoder().decode(p), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return text.stripLeading().startsWith("<") ? text : null;
    }

    private static String first(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1).trim() : null;
    }

    private static byte[] sha1(String s) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One configured key pair: the public key names it in {@code bt_signature}, the private key signs. */
    private record KeyPair(String publicKey, HmacKey key) {
        static KeyPair parse(String secret, String where) {
            int colon = secret.indexOf(':');
            if (colon <= 0 || colon == secret.length() - 1) {
                throw new ConfigException(where, "a braintree secret is <public key>:<private key>");
            }
            return new KeyPair(secret.substring(0, colon), new HmacKey("HmacSHA1", sha1(secret.substring(colon + 1))));
        }
    }

    private static final class Verifier extends Scheme {
        private final List<KeyPair> pairs;

        Verifier(SourceConfig source, Clock clock) {
            super(source, clock, Duration.ZERO);
            List<KeyPair> p = new ArrayList<>();
            for (int i = 0; i < source.secrets().size(); i++) {
                p.add(KeyPair.parse(source.secrets().get(i).reveal(), "sources." + source.name() + ".secrets[" + i + "]"));
            }
            this.pairs = List.copyOf(p);
        }

        @Override
        Verification check(Inbound in) {
            Map<String, String> form = FormBody.fields(in.body());
            String signature = form.get("bt_signature");
            String payload = form.get("bt_payload");
            if (signature == null || payload == null) {
                throw new Rejection(Reason.MISSING_SIGNATURE, "the form has no bt_signature or no bt_payload");
            }
            if (!PAYLOAD_CHARS.matcher(payload).matches()) {
                throw new Rejection(Reason.MALFORMED_SIGNATURE, "bt_payload is not base64");
            }
            byte[] data = Codec.utf8(payload);
            byte[] withNewline = Codec.utf8(payload + "\n");
            boolean named = false;
            for (String entry : signature.split("&")) {
                int bar = entry.indexOf('|');
                if (bar < 0) {
                    continue;
                }
                String publicKey = entry.substring(0, bar);
                byte[] sig = Codec.hex(entry.substring(bar + 1));
                for (KeyPair k : pairs) {
                    if (!k.publicKey().equals(publicKey)) {
                        continue;
                    }
                    named = true;
                    if (sig != null && (MessageDigest.isEqual(k.key().sign(data), sig)
                            || MessageDigest.isEqual(k.key().sign(withNewline), sig))) {
                        return new Verification.Verified(eventId(in, List.of(), true), eventType(in), null, null);
                    }
                }
            }
            throw new Rejection(Reason.INVALID_SIGNATURE, named ? "signature does not match any configured key"
                    : "bt_signature has no signature for a configured public key");
        }

        @Override
        String presetType(Inbound in) {
            String xml = xml(in.body(), Map.of());
            String kind = xml == null ? null : first(KIND, xml);
            return kind == null ? "" : kind;
        }

        /** Braintree signs inside the form: the headers are only the content type (see {@link #signedBody}). */
        @Override
        public Map<String, String> sign(SignRequest r) {
            Map<String, String> h = headers();
            h.put("Content-Type", FormBody.CONTENT_TYPE);
            return h;
        }

        /** The form {@code bt_signature=…&bt_payload=…} for the notification XML in the request's body. */
        @Override
        public byte[] signedBody(SignRequest r) {
            KeyPair k = r.signingKey() == null ? pairs.get(0) : KeyPair.parse(r.signingKey(), "signing key");
            String payload = Base64.getEncoder().encodeToString(r.body()) + "\n";
            String sig = k.publicKey() + "|" + Codec.hex(k.key().sign(Codec.utf8(payload)));
            return Codec.utf8("bt_signature=" + java.net.URLEncoder.encode(sig, StandardCharsets.UTF_8)
                    + "&bt_payload=" + java.net.URLEncoder.encode(payload, StandardCharsets.UTF_8));
        }
    }
}
