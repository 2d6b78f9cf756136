package io.sluice.scheme;

import io.sluice.config.HmacConfig;
import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.sluice.scheme.Fixtures.CLOCK;
import static io.sluice.scheme.Fixtures.SECRET;
import static io.sluice.scheme.Fixtures.source;
import static org.assertj.core.api.Assertions.assertThat;

/** One source, verifier and signer per scheme, plus every header name some verifier reads: fuzz targets. */
final class HostileInputs {
    static final List<String> KINDS = Providers.ALL.stream().map(Provider::name).toList();

    /** Every header any verifier reads, so random inputs actually reach the parsers. */
    static final List<String> HEADER_NAMES = headerNames(
            "X-Hyperspell-Signature", "X-Hume-AI-Webhook-Signature", "X-Hume-AI-Webhook-Timestamp",
            "X-Hyponema-Event-Id", "X-Hyponema-Event-Type", "X-Hyponema-Delivery-Attempt", "X-Signature", "X-Timestamp",
            "X-Event-Id", "X-AIHummer-Inbound-Secret", "X-AIHummer-Signature", "Authorization",
            "webhook-id", "webhook-timestamp", "webhook-signature", "svix-id", "svix-timestamp", "svix-signature",
            "Stripe-Signature", "X-Hub-Signature-256", "X-GitHub-Delivery", "X-GitHub-Event",
            "X-Slack-Signature", "X-Slack-Request-Timestamp", "X-Slack-Retry-Num",
            "X-Shopify-Hmac-Sha256", "X-Shopify-Webhook-Id", "X-Shopify-Topic", "X-Shopify-Triggered-At");

    /** The list above plus every header a registered provider declares, so new providers are fuzzed too. */
    private static List<String> headerNames(String... known) {
        java.util.Set<String> all = new java.util.LinkedHashSet<>(List.of(known));
        Providers.ALL.forEach(p -> all.addAll(p.headers()));
        return List.copyOf(all);
    }

    static final Map<String, SourceConfig> SOURCES = new java.util.HashMap<>();
    static final Map<String, WebhookVerifier> VERIFIERS = new java.util.HashMap<>();
    static final Map<String, WebhookSigner> SIGNERS = new java.util.HashMap<>();

    static {
        for (String k : KINDS) {
            SourceConfig s = switch (k) {
                case "hmac" -> source(k, new HmacConfig("X-Signature", "sha256", "hex", "sha256=", "{timestamp}.{id}.{url}.{body}"),
                        ValueLocator.header("X-Timestamp"), ValueLocator.header("X-Event-Id"), ValueLocator.json("/type"),
                        Duration.ofMinutes(5), SECRET, "second-secret");
                case "hyponema" -> source(k, new HmacConfig("X-Signature", "sha512", "base64", "", "{id}.{timestamp}.{body}"),
                        ValueLocator.json("/ts"), null, null, null, SECRET, "second-secret");
                case "standard-webhooks" -> source(k, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_c2Vjb25k");
                // with its app-key, so that X-Pusher-Key is read, and fuzzed, too
                case "pusher" -> example(k).withAppKey("278d425bdf160c739803");
                default -> example(k);
            };
            SOURCES.put(k, s);
            VERIFIERS.put(k, Schemes.verifier(s, CLOCK));
            WebhookSigner signer = Schemes.signer(s, CLOCK);
            Example e = Providers.get(k).example();
            // public-key providers sign with their example's private key; shared secrets with the source's first
            String key = e.secrets().get(0).equals(e.signingKey()) ? null : e.signingKey();
            SIGNERS.put(k, new WebhookSigner() {
                private SignRequest keyed(SignRequest r) {
                    return new SignRequest(r.body(), r.time(), r.eventId(), r.url(), r.eventType(),
                            r.signingKey() != null ? r.signingKey() : key);
                }

                @Override
                public Map<String, String> sign(SignRequest r) {
                    return signer.sign(keyed(r));
                }

                @Override
                public byte[] signedBody(SignRequest r) {
                    return signer.signedBody(keyed(r));
                }
            });
        }
    }

    private HostileInputs() {
    }

    /**
     * A provider's example source, with a second secret for rotation when it is a shared secret (public
     * keys stay as given: a second one would have to be a key too).
     */
    private static SourceConfig example(String scheme) {
        Example e = Providers.get(scheme).example();
        if (e.secrets().get(0).equals(e.signingKey())) {
            String secret = Fixtures.secretFor(scheme);
            String second = secret.equals(SECRET) ? "second-secret" : Fixtures.SECOND_SECRET;
            SourceConfig two = new Example(List.of(secret, second), secret, e.hmac(), e.timestamp(), e.eventId(),
                    e.eventType()).source("src", scheme);
            try {
                Schemes.verifier(two, CLOCK);
                return two;
            } catch (io.sluice.config.ConfigException keyOfItsOwnForm) {
                // e.g. Adyen's hex HMAC keys: the example's key alone
                return new Example(List.of(secret), secret, e.hmac(), e.timestamp(), e.eventId(), e.eventType())
                        .source("src", scheme);
            }
        }
        return e.source("src", scheme);
    }

    /**
     * Runs both handshake hooks of the provider on a request, as the ingress would (the verified hook with
     * a stand-in verification), and checks they answer or decline, never throw, and never answer 5xx.
     */
    static void handshakeNeverThrows(String kind, String method, Delivery d) {
        Handshake h = Providers.get(kind).handshake();
        SourceConfig s = SOURCES.get(kind);
        HandshakeRequest request = new HandshakeRequest(method, d);
        for (HandshakeReply r : new HandshakeReply[]{h.unsigned(request, s),
                h.verified(request, new Verification.Verified("id", d.headers().get("X-Type") == null ? "t" : d.headers().get("X-Type"), null, null), s)}) {
            if (r != null) {
                assertThat(r.status()).isBetween(200, 499);
                assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain(SECRET);
            }
        }
    }

    /** Verifies and checks the one property every verifier must keep: an answer, never an exception. */
    static Verification verifyNeverThrows(String kind, Delivery d) {
        Verification v = VERIFIERS.get(kind).verify(d);
        assertThat(v).isNotNull();
        assertThat(v).isInstanceOfAny(Verification.Verified.class, Verification.Rejected.class);
        if (v instanceof Verification.Rejected r) {
            assertThat(r.reason()).isNotNull();
            assertThat(r.detail()).isNotNull().doesNotContain(SECRET);
            SOURCES.get(kind).secrets().forEach(s -> assertThat(r.detail()).doesNotContain(s.reveal()));
        } else {
            Verification.Verified ok = (Verification.Verified) v;
            assertThat(ok.eventId()).isNotEmpty().hasSizeLessThanOrEqualTo(Scheme.MAX_ID_LENGTH);
            assertThat(ok.eventId().chars()).noneMatch(Character::isISOControl);
            assertThat(ok.eventType()).isNotNull();
        }
        return v;
    }
}
