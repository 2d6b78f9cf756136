package io.sluice.app;

import io.sluice.config.SluiceConfig;
import io.sluice.ingress.Ingress;
import io.sluice.topics.TopicProvisioner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code bin/sluice ingress}: the HTTP ingress alone, against the configured Kafka. */
@Command(name = "ingress", mixinStandardHelpOptions = true,
        description = "Run the ingress alone against the configured Kafka (embedded broker address when unset).")
final class IngressCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(IngressCommand.class);
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        SluiceConfig cfg = ConfigOption.againstEmbeddedIfUnset(config.load(false));
        Lifecycle life = new Lifecycle();
        // listen first: while Kafka is away the ingress answers 503 + Retry-After and /health/ready 503,
        // rather than refusing connections until the topic check gives up
        Ingress ingress = Ingress.start(cfg);
        life.add(ingress::close);
        TopicsInBackground topics = TopicsInBackground.start(cfg);
        life.add(topics::close);
        System.out.println("Sluice ingress listening on port " + ingress.port() + ", Kafka " + cfg.kafka().bootstrapServers());
        life.awaitShutdown();
        return 0;
    }

    /** Best effort: where topics are managed elsewhere (Strimzi), missing rights must not stop start-up. */
    static void ensureTopics(SluiceConfig cfg) {
        try {
            TopicProvisioner.ensure(cfg, 30);
        } catch (RuntimeException e) {
            LOG.warn("event=topic_check_failed error=\"{}\"", e.getMessage());
        }
    }
}
