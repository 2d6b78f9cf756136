package io.sluice.app;

import io.sluice.admin.AdminApi;
import io.sluice.config.SluiceConfig;
import io.sluice.processor.Processor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code bin/sluice processor}: the Kafka Streams processor alone. */
@Command(name = "processor", mixinStandardHelpOptions = true,
        description = "Run the processor alone against the configured Kafka (embedded broker address when unset).")
final class ProcessorCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        SluiceConfig cfg = ConfigOption.againstEmbeddedIfUnset(config.load(false));
        Lifecycle life = new Lifecycle();
        IngressCommand.ensureTopics(cfg);
        Processor processor = Processor.start(cfg);
        life.add(processor::close);
        AdminApi admin = AdminApi.startIfEnabled(cfg, processor, null);
        if (admin != null) {
            life.add(admin);
        }
        System.out.println("Sluice processor started, health and metrics on port " + processor.port()
                + ", Kafka " + cfg.kafka().bootstrapServers()
                + (admin == null ? ", admin API off (no admin.tokens)" : ", admin API on port " + admin.port()));
        life.awaitShutdown();
        return 0;
    }
}
