package io.sluice.ingress;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.config.SluiceConfig;
import io.sluice.scheme.Schemes;
import io.sluice.scheme.SignRequest;
import io.sluice.testkit.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The fixture of the provider handshake ITs ({@link ProvidersIT}, {@link CatalogueHandshakesIT}): one real
 * ingress on a free loopback port writing to {@link TestConfigs#RAW} of the test class's broker, for the
 * sources it is given; deliveries signed by each source's own signer; what reached Kafka; the handshake
 * counter. The positive barrier of those tests is {@link #rawBodies()} read after a 2xx.
 */
final class HandshakeIngress implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final KafkaBroker kafka;
    private final SluiceConfig config;
    private final PrometheusMeterRegistry registry;
    private final Ingress ingress;

    private HandshakeIngress(KafkaBroker kafka, SluiceConfig config, PrometheusMeterRegistry registry, Ingress ingress) {
        this.kafka = kafka;
        this.config = config;
        this.registry = registry;
        this.ingress = ingress;
    }

    /** An ingress for {@code sources} (the YAML list under {@code sources:}, each item indented by two spaces). */
    static HandshakeIngress start(KafkaBroker kafka, String sources) {
        kafka.createTopics(TestConfigs.RAW);
        SluiceConfig config = TestConfigs.withSources(kafka.bootstrapServers(), "  kafka-timeout: 10s\n", sources);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try {
            return new HandshakeIngress(kafka, config, registry, Ingress.start(config, Clock.systemUTC(), registry));
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    SluiceConfig config() {
        return config;
    }

    /** The ingress's URL of {@code source}. */
    String url(String source) {
        return "http://127.0.0.1:" + ingress.port() + "/webhooks/" + source;
    }

    /**
     * A delivery to {@code source}, signed by the source's own signer for {@code signingUrl} (null: no URL)
     * with {@code signingKey} (null: the source's first secret), plus {@code extra} headers.
     */
    HttpResponse<String> post(String source, String body, String contentType, String signingUrl, String signingKey,
                              Map<String, String> extra) throws Exception {
        Map<String, String> signed = Schemes.signer(config.source(source).orElseThrow(), Clock.systemUTC())
                .sign(new SignRequest(body.getBytes(StandardCharsets.UTF_8), Instant.now(), null, signingUrl, null,
                        signingKey));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(source)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", contentType);
        signed.forEach(b::header);
        extra.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every body on the raw topic, read to its end. */
    List<String> rawBodies() {
        return kafka.readToEnd(TestConfigs.RAW).stream()
                .map(ConsumerRecord::value).map(v -> new String(v, StandardCharsets.UTF_8)).toList();
    }

    /** How many handshakes of {@code source} were counted with {@code outcome} (0 before the first). */
    double handshakes(String source, String outcome) {
        var c = registry.find("sluice.ingress.handshakes").tag("source", source).tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void close() {
        try {
            ingress.close();
        } finally {
            registry.close();
        }
    }
}
