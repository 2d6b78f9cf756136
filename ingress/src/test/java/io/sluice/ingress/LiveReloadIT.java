package io.sluice.ingress;

import io.sluice.testkit.RawHttp;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.config.ConfigLoader;
import io.sluice.config.LiveConfig;
import io.sluice.config.ReloadResult;
import io.sluice.config.Secret;
import io.sluice.config.SluiceConfig;
import io.sluice.config.SourceConfig;
import io.sluice.scheme.Schemes;
import io.sluice.scheme.SignRequest;
import io.sluice.testkit.KafkaBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A source's secret rotated by editing the config file while signed deliveries keep arriving over
 * real HTTP (loopback) and are written to the real broker: no valid delivery fails, before, during
 * or after the overlap, nor while a broken file is refused.
 */
class LiveReloadIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();
    private static final String RAW = "live.raw";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final int THREADS = 4;
    private static final int MAX_DELIVERIES = 20_000;
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path dir;
    private Ingress ingress;
    private LiveConfig live;
    private PrometheusMeterRegistry registry;
    private final List<Thread> load = new ArrayList<>();
    private volatile boolean stop;
    private volatile List<String> signWith = List.of("old-secret");
    private final AtomicInteger answered = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> accepted = new ConcurrentLinkedQueue<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        stopLoad();
        if (live != null) {
            live.close();
        }
        if (ingress != null) {
            ingress.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private static String yaml(String bootstrap, String secrets) {
        return """
                kafka: {bootstrap-servers: "%s"}
                topics: {raw: %s}
                ingress: {host: 127.0.0.1, port: 0, kafka-timeout: 30s}
                sources:
                  - {name: rot, scheme: github, secrets: [%s]}
                """.formatted(bootstrap, RAW, secrets);
    }

    private Path write(String content) throws Exception {
        Path tmp = dir.resolve("next.yaml");
        Files.writeString(tmp, content);
        Path file = dir.resolve("sluice.yaml");
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    private int deliver(String secret, String id) throws Exception {
        String url = "http://127.0.0.1:" + ingress.port() + "/webhooks/rot";
        byte[] body = ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
        SourceConfig signing = new SourceConfig("rot", "github", null, List.of(new Secret(secret)), null,
                null, null, null, null, null);
        Map<String, String> headers = Schemes.signer(signing, Clock.systemUTC())
                .sign(new SignRequest(body, Instant.now(), id, url, "push"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json");
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void startLoad() {
        for (int t = 0; t < THREADS; t++) {
            Thread th = new Thread(() -> {
                int n = 0;
                while (!stop && answered.get() < MAX_DELIVERIES) {
                    List<String> secrets = signWith;
                    String secret = secrets.get(n++ % secrets.size());
                    String id = UUID.randomUUID().toString();
                    try {
                        int status = deliver(secret, id);
                        if (status == 200) {
                            accepted.add("rot:" + id);
                        } else {
                            failures.add(status + " for a delivery signed with " + secret.substring(0, 3));
                        }
                    } catch (Exception e) {
                        failures.add(e.getClass().getSimpleName());
                    }
                    answered.incrementAndGet();
                }
            }, "load-" + t);
            th.start();
            load.add(th);
        }
    }

    private void stopLoad() throws InterruptedException {
        stop = true;
        for (Thread t : load) {
            t.join(Duration.ofSeconds(90).toMillis());
        }
    }

    /** Positive barrier: at least {@code n} more deliveries answered (fails the test if the load stopped). */
    private void awaitMore(int n) {
        int target = answered.get() + n;
        await().atMost(PHASE_TIMEOUT).until(() -> answered.get() >= target);
    }

    private List<String> runningSecrets() {
        return live.current().source("rot").orElseThrow().secrets().stream().map(Secret::reveal).toList();
    }

    @Test
    void secretRotatedUnderLoadFailsNoValidDeliveryAndABrokenFileChangesNothing() throws Exception {
        KAFKA.createTopics(RAW);
        Path file = write(yaml(KAFKA.bootstrapServers(), "old-secret"));
        ConfigLoader loader = new ConfigLoader(Map.of());
        SluiceConfig loaded = loader.read(file);
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ingress = Ingress.start(loaded, Clock.systemUTC(), registry);
        live = new LiveConfig(file, loader, loaded, loaded, Clock.systemUTC());
        live.register(ingress);
        List<ReloadResult.Outcome> results = new CopyOnWriteArrayList<>();
        live.onResult(r -> results.add(r.outcome()));
        live.watch(Duration.ofMillis(200));

        startLoad();
        awaitMore(50);

        // overlap: old and new both verify
        write(yaml(KAFKA.bootstrapServers(), "old-secret, new-secret"));
        await().atMost(PHASE_TIMEOUT).until(() -> runningSecrets().equals(List.of("old-secret", "new-secret")));
        signWith = List.of("old-secret", "new-secret");
        awaitMore(200);

        // a broken file under load: refused, the overlap config keeps running
        write(yaml(KAFKA.bootstrapServers(), "old-secret, new-secret").replace("sources:", "sources: [oops"));
        await().atMost(PHASE_TIMEOUT).until(() -> live.last().outcome() == ReloadResult.Outcome.INVALID);
        assertThat(live.last().detail()).startsWith("not valid YAML");
        awaitMore(200);
        assertThat(runningSecrets()).containsExactly("old-secret", "new-secret");

        // the provider now signs with the new secret only; then the old one is removed
        signWith = List.of("new-secret");
        awaitMore(50);
        write(yaml(KAFKA.bootstrapServers(), "new-secret"));
        await().atMost(PHASE_TIMEOUT).until(() -> runningSecrets().equals(List.of("new-secret")));
        awaitMore(100);
        stopLoad();

        assertThat(failures).isEmpty();
        assertThat(accepted).hasSize(answered.get());
        assertThat(results).containsExactly(ReloadResult.Outcome.RELOADED, ReloadResult.Outcome.INVALID,
                ReloadResult.Outcome.RELOADED);
        assertThat(deliver("old-secret", UUID.randomUUID().toString())).isEqualTo(401);
        assertThat(deliver("new-secret", "after-" + UUID.randomUUID())).isEqualTo(200);

        // every accepted delivery is in Kafka, once
        Set<String> keys = KAFKA.consume(RAW, accepted.size() + 1, PHASE_TIMEOUT).stream()
                .map(r -> new String(r.key(), StandardCharsets.UTF_8)).collect(Collectors.toSet());
        assertThat(keys).containsAll(accepted).hasSize(accepted.size() + 1);
    }

    /** A request whose body is still arriving when the reload switches keeps the endpoint it started with. */
    @Test
    void requestInFlightDuringTheSwitchIsVerifiedWithTheConfigItStartedWith() throws Exception {
        KAFKA.createTopics(RAW);
        Path file = write(yaml(KAFKA.bootstrapServers(), "old-secret"));
        ConfigLoader loader = new ConfigLoader(Map.of());
        SluiceConfig loaded = loader.read(file);
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ingress = Ingress.start(loaded, Clock.systemUTC(), registry);
        live = new LiveConfig(file, loader, loaded, loaded, Clock.systemUTC());
        live.register(ingress);

        String id = "in-flight-" + UUID.randomUUID();
        byte[] body = ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
        SourceConfig signing = new SourceConfig("rot", "github", null, List.of(new Secret("old-secret")), null,
                null, null, null, null, null);
        Map<String, String> headers = Schemes.signer(signing, Clock.systemUTC())
                .sign(new SignRequest(body, Instant.now(), id, "http://127.0.0.1/webhooks/rot", "push"));
        StringBuilder head = new StringBuilder("POST /webhooks/rot HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: " + body.length + "\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        try (RawHttp.Connection http = RawHttp.open(ingress.port())) {
            http.write(head.append("\r\n").toString());
            // positive barrier: the ingress answers 100 Continue once it dispatched the request to its endpoint
            assertThat(http.readResponse()).startsWith("HTTP/1.1 100");
            http.write(java.util.Arrays.copyOf(body, 5));
            // the old secret is removed while this request's body is still arriving
            write(yaml(KAFKA.bootstrapServers(), "new-secret"));
            assertThat(live.reload().outcome()).isEqualTo(ReloadResult.Outcome.RELOADED);
            assertThat(deliver("old-secret", UUID.randomUUID().toString())).as("a new request").isEqualTo(401);
            http.write(java.util.Arrays.copyOfRange(body, 5, body.length));
            assertThat(http.readResponse()).startsWith("HTTP/1.1 200");
        }
    }
}
