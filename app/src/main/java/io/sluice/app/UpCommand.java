package io.sluice.app;

import io.sluice.admin.AdminApi;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.config.AdminToken;
import io.sluice.config.ConfigLoader;
import io.sluice.config.LiveConfig;
import io.sluice.config.Scope;
import io.sluice.config.Secret;
import io.sluice.config.SluiceConfig;
import io.sluice.config.SourceConfig;
import io.sluice.ingress.Ingress;
import io.sluice.kafka.EmbeddedKafka;
import io.sluice.processor.Processor;
import io.sluice.scheme.Providers;
import io.sluice.scheme.Schemes;
import io.sluice.scheme.SignRequest;
import io.sluice.scheme.WebhookSigner;
import io.sluice.topics.TopicProvisioner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code bin/sluice up}: the whole pipeline in one process: embedded broker (unless
 * {@code kafka.bootstrap-servers} is set), topics, processor, ingress.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Run the whole pipeline in one process (embedded Kafka unless kafka.bootstrap-servers is set).")
final class UpCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        Path file = config.resolve(true);
        SluiceConfig loaded = ConfigLoader.load(file);
        SluiceConfig cfg = loaded;
        // `up` is the walk-through: with no admin token configured it makes one for this run, so
        // the admin API is on and the banner can print a working curl.
        String demoToken = cfg.admin().enabled() ? null : newDemoToken();
        if (demoToken != null) {
            cfg = cfg.withAdmin(cfg.admin().withTokens(List.of(
                    new AdminToken(DEMO_TOKEN_NAME, new Secret(demoToken), EnumSet.allOf(Scope.class)))));
        }
        Lifecycle life = new Lifecycle();
        try {
            if (cfg.kafka().useEmbedded()) {
                EmbeddedKafka broker = life.add(KafkaCommand.startBroker(cfg));
                cfg = cfg.withBootstrapServers(broker.bootstrapServers());
            }
            TopicProvisioner.ensure(cfg, 60);
            Processor processor = Processor.start(cfg);
            life.add(processor::close);
            PrometheusMeterRegistry ingressMetrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            life.add(ingressMetrics::close);
            Ingress ingress = Ingress.start(cfg, Clock.systemUTC(), ingressMetrics);
            life.add(ingress::close);
            processor.awaitRunning(Duration.ofSeconds(60));
            LiveConfig live = life.add(LiveReload.start(file, loaded, cfg,
                    List.of(ingressMetrics, processor.registry()), ingress, processor));
            AdminApi admin = AdminApi.startIfEnabled(cfg, processor, live);
            if (admin != null) {
                life.add(admin);
            }
            banner(System.out, cfg, ingress.port(), processor.port());
            if (admin != null) {
                adminBanner(System.out, admin.port(), demoToken);
            }
        } catch (Exception | Error e) {
            life.closeAll();
            throw e;
        }
        life.awaitShutdown();
        return 0;
    }

    /** Name of the token {@code up} generates when the config has none (written to the audit log). */
    static final String DEMO_TOKEN_NAME = "demo";

    /** 32 random bytes, base64url: a token for this run only. */
    static String newDemoToken() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * How to reach the admin API. The generated demo token is printed (it exists only for this run,
     * and the user needs it); a configured token is never printed, the curl reads it from the environment.
     */
    static void adminBanner(PrintStream out, int adminPort, String demoToken) {
        String base = "http://127.0.0.1:" + adminPort;
        out.println("Console: " + base + "/console/   (open it in a browser, paste the admin token)");
        out.println("Admin API: " + base + "/admin/   (OpenAPI: " + base + "/admin/openapi.json)");
        if (demoToken != null) {
            out.println("  No admin token configured: generated token '" + DEMO_TOKEN_NAME
                    + "' (all scopes) for this run only.");
            out.println("  export SLUICE_ADMIN_TOKEN=" + demoToken);
        } else {
            out.println("  Use a token from admin.tokens in the config, e.g.  export SLUICE_ADMIN_TOKEN=...");
        }
        out.println("  curl -H \"Authorization: Bearer $SLUICE_ADMIN_TOKEN\" " + base + "/admin/sources");
        out.println("  bin/sluice events list --admin " + base);
        out.println();
        out.flush();
    }

    static void banner(PrintStream out, SluiceConfig cfg, int ingressPort, int processorPort) {
        out.println();
        out.println("Sluice is up. Kafka: " + cfg.kafka().bootstrapServers()
                + (cfg.kafka().useEmbedded() ? "" : "") + "   Ctrl-C to stop.");
        out.println("Sources (POST):");
        for (SourceConfig s : cfg.sources()) {
            out.printf("  %-12s %-18s http%s://localhost:%d/webhooks/%s%s%n", s.name(), s.scheme(),
                    cfg.ingress().tls() != null ? "s" : "", ingressPort, s.name(),
                    s.path() == null ? "" : "  (also " + s.path() + ")");
        }
        out.println("Ingress health/metrics: http://localhost:" + ingressPort + "/health/ready  /metrics");
        out.println("Processor health/metrics: http://localhost:" + processorPort + "/health/ready  /metrics");
        out.println("Topics: raw=" + cfg.topics().raw() + " default=" + cfg.topics().defaultTopic()
                + " dead-letter=" + cfg.topics().deadLetter()
                + cfg.routes().stream().map(r -> " " + r.topic()).reduce("", String::concat));
        SourceConfig first = cfg.sources().get(0);
        Instant now = Instant.now();
        byte[] body = Providers.get(first.scheme()).sampleBody(now).getBytes(StandardCharsets.UTF_8);
        String url = Curl.url(cfg, first, "localhost").replace(":" + cfg.ingress().port() + "/", ":" + ingressPort + "/");
        out.println();
        try {
            WebhookSigner signer = Schemes.signer(first, Clock.systemUTC());
            SignRequest request = new SignRequest(body, now, null, url);
            Map<String, String> headers = signer.sign(request);
            Curl.formContentType(headers, body);
            out.println("Try it (signed for source '" + first.name() + "', valid for a few minutes;"
                    + " `bin/sluice sign " + first.name() + " --body FILE` makes a fresh one):");
            out.println(Curl.command(url, headers, new String(signer.signedBody(request), StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            // public-key providers: only the provider holds the private key
            out.println("No sample curl for source '" + first.name() + "': " + e.getMessage());
        }
        out.println();
        out.println("Then watch it arrive:  bin/sluice tail " + routeFor(cfg, first) + " --from-beginning");
        out.println();
        out.flush();
    }

    private static String routeFor(SluiceConfig cfg, SourceConfig source) {
        return cfg.routes().stream()
                .filter(r -> r.sources().isEmpty() || r.sources().contains(source.name()))
                .map(r -> r.topic()).findFirst().orElse(cfg.topics().defaultTopic());
    }
}
