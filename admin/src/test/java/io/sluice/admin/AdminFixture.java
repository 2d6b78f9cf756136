package io.sluice.admin;

import io.sluice.config.ConfigLoader;
import io.sluice.config.ConfigReloader;
import io.sluice.config.SluiceConfig;
import io.sluice.processor.Processor;
import io.sluice.testkit.KafkaBroker;
import io.sluice.topics.TopicProvisioner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A processor and the admin API on it, started in-process against a test broker as {@code up}
 * wires them, with three tokens: {@code ops} (all scopes), {@code reader} (read), {@code replayer} (replay).
 */
final class AdminFixture implements AutoCloseable {
    static final String OPS_TOKEN = "ops-token-4f1c2e9a7b3d5c8e";
    static final String READ_TOKEN = "read-token-9a8b7c6d5e4f3a2b";
    static final String REPLAY_TOKEN = "replay-token-1a2b3c4d5e6f7a8b";

    final SluiceConfig config;
    final Processor processor;
    final AdminApi admin;

    private AdminFixture(SluiceConfig config, Processor processor, AdminApi admin) {
        this.config = config;
        this.processor = processor;
        this.admin = admin;
    }

    /** Default test sources and routes. */
    static AdminFixture start(KafkaBroker kafka, Path stateDir, ConfigReloader reloader) {
        return start(kafka, stateDir, reloader, """
                routes:
                  - topic: gh.push
                    sources: [github]
                    types: ["push"]
                sources:
                  - name: github
                    scheme: github
                    secrets: ["gh-secret"]
                  - name: partner
                    scheme: hmac
                    secrets: ["partner-secret"]
                    hmac: {header: X-Signature, algorithm: sha256, encoding: hex, signed: "{body}"}
                    event-id: {header: X-Event-Id}
                    event-type: {json: /type}
                """);
    }

    static SluiceConfig config(KafkaBroker kafka, Path stateDir, String yaml) {
        return config(kafka, stateDir, yaml, 0);
    }

    /**
     * @param adminPort the admin API's port; a fixed one is what instances advertise to each other
     *                  for event lookups (0: any free port, lookups stay local)
     */
    static SluiceConfig config(KafkaBroker kafka, Path stateDir, String yaml, int adminPort) {
        return new ConfigLoader(Map.of()).parse("""
                ingress: {host: 127.0.0.1, port: 0}
                processor: {port: 0, state-dir: "%s", dedupe-window: 1h, commit-interval: 100ms}
                admin:
                  host: 127.0.0.1
                  port: %d
                  tokens:
                    - {name: ops, token: "%s", scopes: [read, replay, admin]}
                    - {name: reader, token: "%s", scopes: [read]}
                    - {name: replayer, token: "%s", scopes: [replay]}
                """.formatted(stateDir.toString().replace("\\", "/"), adminPort, OPS_TOKEN, READ_TOKEN, REPLAY_TOKEN) + yaml)
                .withBootstrapServers(kafka.bootstrapServers());
    }

    static AdminFixture start(KafkaBroker kafka, Path stateDir, ConfigReloader reloader, String yaml) {
        return start(config(kafka, stateDir, yaml), reloader);
    }

    static AdminFixture start(SluiceConfig config, ConfigReloader reloader) {
        TopicProvisioner.ensure(config, 30);
        Processor processor = Processor.start(config);
        try {
            processor.awaitRunning(Duration.ofSeconds(90));
            return new AdminFixture(config, processor, AdminApi.startIfEnabled(config, processor, reloader));
        } catch (RuntimeException e) {
            processor.close();
            throw e;
        }
    }

    /** A port free now (for a config that needs a fixed one). */
    static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    int port() {
        return admin.port();
    }

    @Override
    public void close() {
        admin.close();
        processor.close();
    }
}

