package io.sluice.scheme;

import io.sluice.config.ConfigException;
import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Families: a public-key signature (Ed25519, ECDSA P-256 with SHA-256) over a templated string
 * ({@link PublicKeyRule}). The source's {@code secrets} hold the provider's public key(s); any one
 * verifies (key rotation). Sluice cannot sign for these providers without their private key: the
 * signer needs one in {@link SignRequest#signingKey()} (PKCS#8, base64), as tests and benchmarks give.
 */
abstract class PublicKeyFamily extends Provider {
    /** X.509 SubjectPublicKeyInfo prefix of a raw 32-byte Ed25519 key (RFC 8410). */
    private static final byte[] ED25519_SPKI = HexFormat.of().parseHex("302a300506032b6570032100");
    /** X.509 SubjectPublicKeyInfo prefix of a raw uncompressed P-256 point (65 bytes, 0x04 || x || y). */
    private static final byte[] P256_SPKI = HexFormat.of().parseHex("3059301306072a8648ce3d020106082a8648ce3d030107034200");

    private final PublicKeyRule rule;

    PublicKeyFamily(PublicKeyRule rule) {
        this.rule = rule;
    }

    @Override
    public final Family family() {
        return rule.algorithm();
    }

    @Override
    public List<String> headers() {
        List<String> out = new ArrayList<>(List.of(rule.header()));
        if (rule.timestamp() != null) {
            out.add(rule.timestamp().header());
        }
        out.addAll(Scheme.headerNames(rule.ids(), rule.types()));
        return out;
    }

    @Override
    public final Duration tolerance() {
        return rule.tolerance();
    }

    @Override
    public String eventIdSource() {
        return Scheme.idSourcesElseHash(rule.ids());
    }

    @Override
    final Scheme scheme(SourceConfig source, Clock clock) {
        return new Verifier(source, clock);
    }

    private String javaAlgorithm() {
        if (rule.algorithm() == Family.ED25519) {
            return "Ed25519";
        }
        return rule.p1363() ? "SHA256withECDSAinP1363Format" : "SHA256withECDSA";
    }

    private String keyAlgorithm() {
        return rule.algorithm() == Family.ED25519 ? "Ed25519" : "EC";
    }

    /** A public key as the provider hands it out; null when it is not one of this family's keys. */
    PublicKey publicKey(String text) {
        String t = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] raw = rule.keyHex() ? Codec.hex(t) : Codec.base64(t);
        if (raw == null) {
            return null;
        }
        byte[] spki = raw;
        if (rule.algorithm() == Family.ED25519 && raw.length == 32) {
            spki = concat(ED25519_SPKI, raw);
        } else if (rule.algorithm() == Family.ECDSA && raw.length == 65 && raw[0] == 4) {
            spki = concat(P256_SPKI, raw);
        }
        try {
            PublicKey key = KeyFactory.getInstance(keyAlgorithm()).generatePublic(new X509EncodedKeySpec(spki));
            if (key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() != 256) {
                return null; // P-256 only
            }
            return key;
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The verifier and signer of one source of a public-key provider. */
    private final class Verifier extends Scheme {
        private final List<PublicKey> keys;
        private final SignedTemplate template = new SignedTemplate(rule.template());

        Verifier(SourceConfig source, Clock clock) {
            super(source, clock, rule.tolerance());
            List<PublicKey> k = new ArrayList<>();
            for (int i = 0; i < source.secrets().size(); i++) {
                PublicKey key = publicKey(source.secrets().get(i).reveal());
                if (key == null) {
                    throw new ConfigException("sources." + source.name() + ".secrets[" + i + "]", "a " + name()
                            + " secret is the provider's " + rule.algorithm().label() + " public key, in "
                            + (rule.keyHex() ? "hex" : "base64") + " as the provider shows it");
                }
                k.add(key);
            }
            this.keys = List.copyOf(k);
        }

        @Override
        Verification check(Inbound in) {
            String sigText = required(in, rule.header(), Reason.MISSING_SIGNATURE);
            String tsText = null;
            Instant ts = null;
            if (rule.timestamp() != null) {
                tsText = required(in, rule.timestamp().header(), Reason.MISSING_TIMESTAMP);
                ts = epoch(tsText, rule.timestamp().header());
            }
            byte[] sig = rule.hexSig() ? Codec.hex(sigText) : Codec.base64(sigText);
            if (sig == null || sig.length == 0 || sig.length > 144
                    || (rule.algorithm() == Family.ED25519 && sig.length != 64)) {
                throw new Rejection(Reason.MALFORMED_SIGNATURE, rule.header() + " is not a " + (rule.hexSig() ? "hex" : "base64")
                        + " " + rule.algorithm().label() + " signature");
            }
            byte[][] parts = template.parts(new SignedTemplate.Values(in.body(), tsText, null, in.url(), headerValues(in)));
            boolean ok = false;
            for (PublicKey key : keys) {
                ok |= verifies(key, parts, sig);
            }
            if (!ok) {
                throw new Rejection(Reason.INVALID_SIGNATURE, "signature does not match any configured public key");
            }
            Instant at = ts == null ? null : withinTolerance(ts);
            return new Verification.Verified(eventId(in, rule.ids(), true), eventType(in), at, null);
        }

        private Map<String, String> headerValues(Inbound in) {
            Map<String, String> hv = new LinkedHashMap<>();
            for (String h : template.headerNames()) {
                hv.put(h, in.header(h));
            }
            return hv;
        }

        private boolean verifies(PublicKey key, byte[][] parts, byte[] sig) {
            try {
                Signature s = Signature.getInstance(javaAlgorithm());
                s.initVerify(key);
                for (byte[] p : parts) {
                    s.update(p);
                }
                return s.verify(sig);
            } catch (java.security.SignatureException e) {
                return false; // a signature that does not even decode (bad DER): not a match
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(javaAlgorithm() + " is not available", e);
            }
        }

        @Override
        String presetType(Inbound in) {
            return firstType(in, rule.types());
        }

        @Override
        public Map<String, String> sign(SignRequest r) {
            if (r.signingKey() == null) {
                throw new IllegalArgumentException(name() + " deliveries are signed with " + name()
                        + "'s private key, which Sluice does not have (sign --private-key FILE, PKCS#8 PEM or base64)");
            }
            Map<String, String> h = headers();
            String ts = Long.toString(nowOr(r.time()));
            if (rule.timestamp() != null) {
                h.put(rule.timestamp().header(), ts);
            }
            putIdAndType(h, r, rule.ids(), rule.types());
            Inbound view = new Inbound(new Delivery(r.url(), Headers.of(h), r.body()));
            byte[][] parts = template.parts(new SignedTemplate.Values(r.body(), ts, null, r.url(), headerValues(view)));
            try {
                Signature s = Signature.getInstance(javaAlgorithm());
                s.initSign(privateKey(r.signingKey()));
                for (byte[] p : parts) {
                    s.update(p);
                }
                byte[] sig = s.sign();
                h.put(rule.header(), rule.hexSig() ? Codec.hex(sig) : Codec.base64(sig));
                return h;
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("cannot sign with the given private key: " + e.getClass().getSimpleName());
            }
        }

        private PrivateKey privateKey(String text) throws GeneralSecurityException {
            byte[] der = Codec.base64(text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
            if (der == null) {
                throw new IllegalArgumentException("the private key must be PKCS#8 (PEM or base64)");
            }
            return KeyFactory.getInstance(keyAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(der));
        }
    }
}
