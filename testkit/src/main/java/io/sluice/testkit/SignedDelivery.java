package io.sluice.testkit;

import io.sluice.config.Secret;
import io.sluice.config.SourceConfig;
import io.sluice.scheme.Delivery;
import io.sluice.scheme.Headers;
import io.sluice.scheme.SignRequest;
import io.sluice.scheme.WebhookSigner;
import io.sluice.scheme.Schemes;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A delivery signed for a configured source, for tests: the headers and body a provider would send.
 * Built with {@link Schemes#signer}, so it is exactly what the ingress verifies; {@link Builder#secret}
 * signs with another secret to produce a wrong signature.
 *
 * <pre>{@code
 * SignedDelivery d = SignedDelivery.of(source).body("{\"id\":\"evt_1\"}").build();
 * http.post(url).putHeaders(d.headers()).send(d.body());
 * }</pre>
 */
public final class SignedDelivery {
    private final Map<String, String> headers;
    private final byte[] body;
    private final String url;

    private SignedDelivery(Map<String, String> headers, byte[] body, String url) {
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        this.body = body.clone();
        this.url = url;
    }

    /** A builder for deliveries to {@code source}. */
    public static Builder of(SourceConfig source) {
        return new Builder(source);
    }

    /** Headers to send, in order (signature, timestamp and id headers, then Content-Type and extras). */
    public Map<String, String> headers() {
        return headers;
    }

    /** The exact body bytes that were signed. */
    public byte[] body() {
        return body.clone();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The URL passed to the signer (null when none was given). */
    public String url() {
        return url;
    }

    /** This delivery as a verifier sees it. */
    public Delivery toDelivery() {
        return new Delivery(url, Headers.of(headers), body.clone());
    }

    /** Builds one signed delivery. Not thread-safe; cheap, so build one per test. */
    public static final class Builder {
        private final SourceConfig source;
        private byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        private Instant time;
        private String eventId;
        private String eventType;
        private String url;
        private String secret;
        private Clock clock = Clock.systemUTC();
        private boolean autoContentType = true;
        private String contentType;
        private final Map<String, String> extra = new LinkedHashMap<>();
        private final List<String> removed = new java.util.ArrayList<>();

        private Builder(SourceConfig source) {
            this.source = Objects.requireNonNull(source, "source");
        }

        public Builder body(String text) {
            return body(text.getBytes(StandardCharsets.UTF_8));
        }

        public Builder body(byte[] bytes) {
            this.body = bytes.clone();
            return this;
        }

        /** The delivery's timestamp (default: the clock's now); set it in the past to produce a stale one. */
        public Builder time(Instant time) {
            this.time = time;
            return this;
        }

        /** The id for schemes that send it in a header (default: generated). */
        public Builder eventId(String id) {
            this.eventId = id;
            return this;
        }

        /** The type for schemes that send it in a header (GitHub, Shopify, Hyponema, hmac). */
        public Builder eventType(String type) {
            this.eventType = type;
            return this;
        }

        /** The URL, for schemes that sign it. */
        public Builder url(String url) {
            this.url = url;
            return this;
        }

        /**
         * Signs with this secret instead of the source's first one: a wrong signature, or a rotated key;
         * for public-key providers, the private key (PKCS#8, base64) that signs.
         */
        public Builder secret(String secret) {
            this.secret = secret;
            return this;
        }

        /** The clock used when no {@link #time} is set. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Content-Type header; null sends none. Default: {@code application/json} for a body that starts
         * with {@code {} or {@code [}, else {@code application/x-www-form-urlencoded} (Slack commands).
         */
        public Builder contentType(String contentType) {
            this.contentType = contentType;
            this.autoContentType = false;
            return this;
        }

        /** An extra header, or a replacement for a signed one (e.g. to garble it). */
        public Builder header(String name, String value) {
            extra.put(name, value);
            return this;
        }

        /** Drops a header the signer produced (e.g. to test a missing signature). */
        public Builder withoutHeader(String name) {
            removed.add(name);
            return this;
        }

        public SignedDelivery build() {
            SourceConfig signing = secret == null ? source : source.withSecrets(List.of(new Secret(secret)));
            WebhookSigner signer = Schemes.signer(signing, clock);
            SignRequest request = new SignRequest(body, time != null ? time : clock.instant(), eventId, url, eventType, secret);
            Map<String, String> h = new LinkedHashMap<>(signer.sign(request));
            // Providers that sign inside the body (Mailgun, Adyen) return it with the signature written in.
            byte[] sent = signer.signedBody(request);
            if (autoContentType) {
                h.put("Content-Type", looksLikeJson(body) ? "application/json" : "application/x-www-form-urlencoded");
            } else if (contentType != null) {
                h.put("Content-Type", contentType);
            }
            extra.forEach((name, value) -> {
                h.keySet().removeIf(k -> k.equalsIgnoreCase(name));
                h.put(name, value);
            });
            removed.forEach(name -> h.keySet().removeIf(k -> k.equalsIgnoreCase(name)));
            return new SignedDelivery(h, sent, url);
        }

        private static boolean looksLikeJson(byte[] b) {
            for (byte c : b) {
                if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                    return c == '{' || c == '[';
                }
            }
            return true;
        }
    }
}
