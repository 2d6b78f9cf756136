package io.sluice.app;

import io.sluice.admin.AdminApi;
import io.sluice.config.ConfigLoader;
import io.sluice.config.LiveConfig;
import io.sluice.config.SluiceConfig;
import io.sluice.processor.Processor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code bin/sluice processor}: the Kafka Streams processor alone. */
@Command(name = "processor", mixinStandardHelpOptions = true,
        description = "Run the processor alone against the configured Kafka (embedded broker address when unset).")
final class ProcessorCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        Path file = config.resolve(false);
        SluiceConfig loaded = ConfigLoader.load(file);
        SluiceConfig cfg = ConfigOption.againstEmbeddedIfUnset(loaded);
        Lifecycle life = new Lifecycle();
        // topics are checked and created in the background (Processor.start): the health port listens at once
        Processor processor = Processor.start(cfg);
        life.add(processor::close);
        LiveConfig live = life.add(LiveReload.start(file, loaded, cfg, List.of(processor.registry()), processor));
        AdminApi admin = AdminApi.startIfEnabled(cfg, processor, live);
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
