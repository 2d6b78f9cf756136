package io.sluice.scheme;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry: every provider Sluice knows, in one table. A source's {@code scheme:} is looked up
 * here; docs/providers.md, {@code bin/sluice providers}, the vectors test, the topology test and the
 * fuzz tests all iterate this list, so a provider added here is documented and tested with no other
 * change.
 */
public final class Providers {
    /** Every provider, in the order of docs/providers.md. Add a new one at the end of its group. */
    public static final List<Provider> ALL = List.of(
            // the presets of DESIGN.md "Schemes"
            new HyperspellProvider(),
            new HumeProvider(),
            new HyponemaProvider(),
            new AiHummerInboundProvider(),
            new AiHummerTriggerProvider(),
            new StandardWebhooksProvider(),
            new StripeProvider(),
            new GithubProvider(),
            new SlackProvider(),
            new ShopifyProvider(),
            new ConfigurableHmacProvider(),
            // the catalogue: developer tools, identity, productivity
            new GitlabProvider(),
            new LinearProvider(),
            new ClerkProvider(),
            new ResendProvider(),
            new TwitchProvider(),
            new DropboxProvider(),
            new BoxProvider(),
            new OktaProvider(),
            new WorkosProvider(),
            new SvixProvider(),
            // the catalogue: payments, commerce, messaging and others (catalogue-a)
            new PaddleProvider(),
            new SquareProvider(),
            new RazorpayProvider(),
            new CoinbaseCommerceProvider(),
            new AdyenProvider(),
            new GocardlessProvider(),
            new MailgunProvider(),
            new VonageProvider(),
            new HubspotProvider(),
            new PagerdutyProvider(),
            new MuxProvider(),
            new OpenaiProvider(),
            new ReplicateProvider(),
            new SanityProvider(),
            new BraintreeProvider(),
            new TelnyxProvider(),
            new ElevenlabsProvider(),
            new EasypostProvider(),
            new PolarProvider(),
            new RetellProvider(),
            new LineProvider(),
            new PusherProvider(),
            new WebflowProvider(),
            new PlivoProvider(),
            // the worked examples of the public-key, URL-signed and handshake families
            new DiscordProvider(),
            new SendgridProvider(),
            new TwilioProvider(),
            new ZoomProvider()
    );

    private static final Map<String, Provider> BY_NAME = index();

    private Providers() {
    }

    private static Map<String, Provider> index() {
        Map<String, Provider> m = new LinkedHashMap<>();
        for (Provider p : ALL) {
            if (m.put(p.name(), p) != null) {
                throw new IllegalStateException("two providers are named " + p.name());
            }
        }
        return m;
    }

    /** The provider named {@code scheme}, if there is one. */
    public static Optional<Provider> find(String scheme) {
        return Optional.ofNullable(scheme == null ? null : BY_NAME.get(scheme));
    }

    /**
     * The provider named {@code scheme}.
     *
     * @throws IllegalArgumentException when none is (config validation refuses such a source first)
     */
    public static Provider get(String scheme) {
        return find(scheme).orElseThrow(() -> new IllegalArgumentException("unknown scheme '" + scheme + "' (known: "
                + names() + ")"));
    }

    /** The scheme names, comma-separated, in registry order (for error messages). */
    public static String names() {
        return String.join(", ", BY_NAME.keySet());
    }
}
