package io.sluice.scheme;

import io.sluice.config.ValueLocator;

import java.time.Duration;
import java.util.List;

/**
 * The signature, timestamp, id and type rules of a {@link PublicKeyFamily} provider (Ed25519 or ECDSA
 * P-256), as data. The source's {@code secrets} hold the provider's public key as the provider hands
 * it out ({@link #keyHex}: hex, else base64; raw key bytes or an X.509 SubjectPublicKeyInfo, PEM
 * armour allowed). Immutable; each method returns a changed copy.
 *
 * @param algorithm  {@link Family#ED25519} or {@link Family#ECDSA}
 * @param header     the signature header
 * @param hexSig     true for hex signatures, false for base64
 * @param p1363      ECDSA only: the signature is r||s (IEEE P1363) rather than DER
 * @param template   what is signed ({@link SignedTemplate})
 * @param keyHex     true when the public key is given in hex (Discord), false for base64 (SendGrid)
 * @param timestamp  the timestamp header, or null
 * @param tolerance  the default tolerance (ZERO without a timestamp)
 * @param ids        where the event id is, first present wins, else the SHA-256 of the body
 * @param types      where the event type is, first present wins; none: ""
 */
public record PublicKeyRule(Family algorithm, String header, boolean hexSig, boolean p1363, String template,
                            boolean keyHex, ValueLocator timestamp, Duration tolerance, List<ValueLocator> ids,
                            List<ValueLocator> types) {
    public PublicKeyRule {
        if (algorithm != Family.ED25519 && algorithm != Family.ECDSA) {
            throw new IllegalArgumentException("a public-key rule is ED25519 or ECDSA, not " + algorithm);
        }
        ids = List.copyOf(ids);
        types = List.copyOf(types);
    }

    /** Ed25519, hex signature in {@code header}, over {@code {body}}, hex public key. */
    public static PublicKeyRule ed25519(String header) {
        return new PublicKeyRule(Family.ED25519, header, true, false, "{body}", true, null, Duration.ZERO, List.of(), List.of());
    }

    /** ECDSA P-256 with SHA-256, base64 DER signature in {@code header}, over {@code {body}}, base64 public key. */
    public static PublicKeyRule ecdsaP256(String header) {
        return new PublicKeyRule(Family.ECDSA, header, false, false, "{body}", false, null, Duration.ZERO, List.of(), List.of());
    }

    public PublicKeyRule base64Signature() {
        return new PublicKeyRule(algorithm, header, false, p1363, template, keyHex, timestamp, tolerance, ids, types);
    }

    public PublicKeyRule hexSignature() {
        return new PublicKeyRule(algorithm, header, true, p1363, template, keyHex, timestamp, tolerance, ids, types);
    }

    /** ECDSA signatures as r||s (IEEE P1363) instead of DER. */
    public PublicKeyRule p1363Signature() {
        return new PublicKeyRule(algorithm, header, hexSig, true, template, keyHex, timestamp, tolerance, ids, types);
    }

    public PublicKeyRule base64Key() {
        return new PublicKeyRule(algorithm, header, hexSig, p1363, template, false, timestamp, tolerance, ids, types);
    }

    public PublicKeyRule hexKey() {
        return new PublicKeyRule(algorithm, header, hexSig, p1363, template, true, timestamp, tolerance, ids, types);
    }

    public PublicKeyRule template(String template) {
        return new PublicKeyRule(algorithm, header, hexSig, p1363, template, keyHex, timestamp, tolerance, ids, types);
    }

    /** An epoch timestamp header (seconds, or milliseconds by size), checked against {@code tolerance}. */
    public PublicKeyRule timestamp(String header, Duration tolerance) {
        return new PublicKeyRule(algorithm, this.header, hexSig, p1363, template, keyHex, ValueLocator.header(header),
                tolerance, ids, types);
    }

    /** The event id is at the first of these that is present, else the SHA-256 of the body. */
    public PublicKeyRule idFromOrHash(ValueLocator... where) {
        return new PublicKeyRule(algorithm, header, hexSig, p1363, template, keyHex, timestamp, tolerance, List.of(where), types);
    }

    public PublicKeyRule typeFrom(ValueLocator... where) {
        return new PublicKeyRule(algorithm, header, hexSig, p1363, template, keyHex, timestamp, tolerance, ids, List.of(where));
    }
}
