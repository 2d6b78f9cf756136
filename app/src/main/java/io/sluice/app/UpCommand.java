package io.sluice.app;

import io.sluice.config.SluiceConfig;
import io.sluice.config.SourceConfig;
import io.sluice.ingress.Ingress;
import io.sluice.kafka.EmbeddedKafka;
import io.sluice.processor.Processor;
import io.sluice.scheme.Providers;
import io.sluice.scheme.Schemes;
import io.sluice.scheme.SignRequest;
import io.sluice.topics.TopicProvisioner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
        SluiceConfig cfg = config.load(true);
        Lifecycle life = new Lifecycle();
        try {
            if (cfg.kafka().useEmbedded()) {
                EmbeddedKafka broker = life.add(KafkaCommand.startBroker(cfg));
                cfg = cfg.withBootstrapServers(broker.bootstrapServers());
            }
            TopicProvisioner.ensure(cfg, 60);
            Processor processor = Processor.start(cfg);
            life.add(processor::close);
            Ingress ingress = Ingress.start(cfg);
            life.add(ingress::close);
            processor.awaitRunning(Duration.ofSeconds(60));
            banner(System.out, cfg, ingress.port(), processor.port());
        } catch (Exception | Error e) {
            life.closeAll();
            throw e;
        }
        life.awaitShutdown();
        return 0;
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
            Map<String, String> headers = Schemes.signer(first, Clock.systemUTC())
                    .sign(new SignRequest(body, now, null, url));
            out.println("Try it (signed for source '" + first.name() + "', valid for a few minutes;"
                    + " `bin/sluice sign " + first.name() + " --body FILE` makes a fresh one):");
            out.println(Curl.command(url, headers, new String(body, StandardCharsets.UTF_8)));
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
