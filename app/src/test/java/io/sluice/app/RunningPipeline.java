package io.sluice.app;

import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.ingress.Ingress;
import io.sluice.processor.Processor;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.SignedDelivery;
import io.sluice.topics.TopicProvisioner;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Processor and ingress started in-process against a test broker, as {@code bin/sluice up} wires
 * them (topics first, processor RUNNING before the ingress takes traffic), plus an HTTP client for
 * signed deliveries. Ingress and processor bind free loopback ports.
 */
final class RunningPipeline implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final SluiceConfig config;
    final Processor processor;
    final Ingress ingress;

    private RunningPipeline(SluiceConfig config, Processor processor, Ingress ingress) {
        this.config = config;
        this.processor = processor;
        this.ingress = ingress;
    }

    /**
     * @param yaml routes and sources (and any other section but ingress/processor, which are set here)
     */
    static RunningPipeline start(KafkaBroker kafka, Path stateDir, String yaml) {
        SluiceConfig config = new ConfigLoader(Map.of()).parse("""
                ingress: {host: 127.0.0.1, port: 0}
                processor: {port: 0, state-dir: "%s", dedupe-window: 1h}
                """.formatted(stateDir.toString().replace("\\", "/")) + yaml)
                .withBootstrapServers(kafka.bootstrapServers());
        TopicProvisioner.ensure(config, 30);
        Processor processor = Processor.start(config);
        try {
            processor.awaitRunning(Duration.ofSeconds(90));
            return new RunningPipeline(config, processor, Ingress.start(config));
        } catch (RuntimeException e) {
            processor.close();
            throw e;
        }
    }

    /** POSTs a signed delivery to a path of the ingress. */
    HttpResponse<String> post(String path, SignedDelivery d) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingress.port() + path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(d.body()));
        d.headers().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("content-length") && !k.equalsIgnoreCase("host")) {
                b.header(k, v);
            }
        });
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GETs a path of a local port (health, metrics). */
    static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        ingress.close();
        processor.close();
    }
}
