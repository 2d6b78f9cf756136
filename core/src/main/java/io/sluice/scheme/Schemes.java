package io.sluice.scheme;

import io.sluice.config.SourceConfig;

import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one place that turns a configured source into its verifier and signer (the presets of
 * DESIGN.md "Schemes"). Key material is decoded here, once; a secret that cannot be decoded is a
 * {@link io.sluice.config.ConfigException} naming the key, never a per-request failure.
 */
public final class Schemes {
    /** Headers that carry credentials whatever the scheme; never stored. */
    private static final Set<String> ALWAYS_SECRET = Set.of(
            "authorization", "proxy-authorization", "cookie", "x-aihummer-inbound-secret");

    private Schemes() {
    }

    /** The verifier of {@code source}: immutable, thread-safe, never throws from {@code verify}. */
    public static WebhookVerifier verifier(SourceConfig source, Clock clock) {
        return create(source, clock);
    }

    /**
     * The signer of {@code source}: signs with its first secret; generates an event id for schemes that
     * carry one in a header when {@link SignRequest#eventId()} is null; uses {@code clock} when
     * {@link SignRequest#time()} is null.
     */
    public static WebhookSigner signer(SourceConfig source, Clock clock) {
        return create(source, clock);
    }

    /** Lower-case names of the request headers of {@code source} that must never be stored or logged. */
    public static Set<String> secretHeaders(SourceConfig source) {
        Set<String> out = new TreeSet<>(ALWAYS_SECRET);
        switch (source.scheme()) {
            case HYPERSPELL -> out.add(HyperspellScheme.SIGNATURE);
            case HUME -> out.add(HumeScheme.SIGNATURE);
            case AIHUMMER_INBOUND -> out.add(AiHummerInboundScheme.SECRET_HEADER);
            case AIHUMMER_TRIGGER -> out.add(AiHummerTriggerScheme.SIGNATURE);
            case STANDARD_WEBHOOKS -> {
                out.add(StandardWebhooksScheme.SIGNATURE);
                out.add("svix-signature");
            }
            case STRIPE -> out.add(StripeScheme.SIGNATURE);
            case GITHUB -> {
                out.add(GithubScheme.SIGNATURE);
                out.add("x-hub-signature");
            }
            case SLACK -> out.add(SlackScheme.SIGNATURE);
            case SHOPIFY -> out.add(ShopifyScheme.SIGNATURE);
            case HYPONEMA, HMAC -> {
                if (source.hmac() != null) {
                    out.add(source.hmac().header());
                }
            }
        }
        Set<String> lower = new TreeSet<>();
        out.forEach(h -> lower.add(h.toLowerCase(Locale.ROOT)));
        return Set.copyOf(lower);
    }

    private static Scheme create(SourceConfig source, Clock clock) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(clock, "clock");
        if (source.secrets().isEmpty()) {
            throw new io.sluice.config.ConfigException("sources." + source.name() + ".secrets", "at least one secret is required");
        }
        return switch (source.scheme()) {
            case HYPERSPELL -> new HyperspellScheme(source, clock);
            case HUME -> new HumeScheme(source, clock);
            case HYPONEMA -> new HyponemaScheme(source, clock);
            case AIHUMMER_INBOUND -> new AiHummerInboundScheme(source, clock);
            case AIHUMMER_TRIGGER -> new AiHummerTriggerScheme(source, clock);
            case STANDARD_WEBHOOKS -> new StandardWebhooksScheme(source, clock);
            case STRIPE -> new StripeScheme(source, clock);
            case GITHUB -> new GithubScheme(source, clock);
            case SLACK -> new SlackScheme(source, clock);
            case SHOPIFY -> new ShopifyScheme(source, clock);
            case HMAC -> new HmacScheme(source, clock);
        };
    }
}
