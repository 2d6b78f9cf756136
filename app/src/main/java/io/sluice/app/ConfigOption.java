package io.sluice.app;

import io.sluice.config.ConfigException;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --config FILE}; without it {@code SLUICE_CONFIG}; without that, for commands that allow
 * it, the example config shipped in {@code config/} (the default of {@code bin/sluice up}).
 */
final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Config file (default: $SLUICE_CONFIG, else config/sluice.example.yaml where allowed).")
    Path file;

    /** The config file to read. */
    Path resolve(boolean exampleAllowed) {
        if (file != null) {
            return file;
        }
        String env = System.getenv("SLUICE_CONFIG");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        if (exampleAllowed) {
            String home = System.getProperty("sluice.home");
            Path example = Path.of(home == null ? "." : home, "config", "sluice.example.yaml");
            if (Files.exists(example)) {
                return example;
            }
            throw new ConfigException("", "no config: pass --config FILE or set SLUICE_CONFIG (looked for " + example + ")");
        }
        throw new ConfigException("", "no config: pass --config FILE or set SLUICE_CONFIG");
    }

    SluiceConfig load(boolean exampleAllowed) {
        return ConfigLoader.load(resolve(exampleAllowed));
    }

    /**
     * The config with a usable bootstrap address: when {@code kafka.bootstrap-servers} is empty, the
     * embedded broker's (started by {@code bin/sluice kafka} or {@code up}) on 127.0.0.1.
     */
    static SluiceConfig againstEmbeddedIfUnset(SluiceConfig config) {
        if (config.kafka().useEmbedded()) {
            return config.withBootstrapServers("127.0.0.1:" + config.kafka().embedded().port());
        }
        return config;
    }
}
