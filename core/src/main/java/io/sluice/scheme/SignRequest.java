package io.sluice.scheme;

import java.time.Instant;

/**
 * What a signer needs to produce a valid delivery (used by {@code bin/sluice sign}, the test kit and
 * the benchmarks; the ingress never signs).
 *
 * @param body      the exact bytes to send
 * @param time      the delivery's timestamp; null means the signer's clock
 * @param eventId   the id to send, for schemes that carry it in a header; null lets the signer choose
 * @param url       the URL the delivery is sent to, for schemes that sign it
 * @param eventType the type to send, for schemes that carry it in a header (GitHub, Shopify, Hyponema);
 *                  null sends none
 * @param signingKey what to sign with instead of the source's first secret: another secret (a wrong
 *                   signature, a rotated key), or, for public-key providers whose {@code secrets}
 *                   hold the public key, the private key (PKCS#8, base64); null for the first secret
 */
public record SignRequest(byte[] body, Instant time, String eventId, String url, String eventType, String signingKey) {

    /** A request signed with the source's first secret. */
    public SignRequest(byte[] body, Instant time, String eventId, String url, String eventType) {
        this(body, time, eventId, url, eventType, null);
    }

    /** A request without an event type header. */
    public SignRequest(byte[] body, Instant time, String eventId, String url) {
        this(body, time, eventId, url, null, null);
    }
}
