package io.sluice.app;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.ingress.Ingress;
import io.sluice.topics.TopicsInBackground;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code bin/sluice ingress}: the HTTP ingress alone, against the configured Kafka. */
@Command(name = "ingress", mixinStandardHelpOptions = true,
        description = "Run the ingress alone against the configured Kafka (embedded broker address when unset).")
final class IngressCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        Path file = config.resolve(false);
        SluiceConfig loaded = ConfigLoader.load(file);
        SluiceConfig cfg = ConfigOption.againstEmbeddedIfUnset(loaded);
        Lifecycle life = new Lifecycle();
        // listen first: while Kafka is away the ingress answers 503 + Retry-After and /health/ready 503,
        // rather than refusing connections until the topic check gives up
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        life.add(metrics::close);
        Ingress ingress = Ingress.start(cfg, Clock.systemUTC(), metrics);
        life.add(ingress::close);
        life.add(LiveReload.start(file, loaded, cfg, List.of(metrics), ingress));
        TopicsInBackground topics = TopicsInBackground.start(cfg);
        life.add(topics::close);
        System.out.println("Sluice ingress listening on port " + ingress.port() + ", Kafka " + cfg.kafka().bootstrapServers());
        life.awaitShutdown();
        return 0;
    }
}
