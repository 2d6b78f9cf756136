package io.sluice.containers;

import io.sluice.testkit.Probes;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.schemas.SingleObjectCodec;
import io.sluice.schemas.WebhookEvent;
import io.sluice.testkit.Ports;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.SignedDelivery;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real images ({@code sluice/ingress}, {@code sluice/processor}), started with exactly the
 * settings {@code docker-compose.yml} gives them (read from the file) against a real broker on the
 * host network: exactly-once Avro out of signed deliveries in, the user and the read-only file
 * system, the health endpoints the Kubernetes probes use, state kept on the processor's volume, the
 * heap under a memory limit, and SIGTERM draining a request in flight. Figures are printed with
 * {@code [containers]} for the docs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImagesIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @TempDir
    static Path dir;

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    static ComposeService ingressService;
    static ComposeService processorService;
    static GenericContainer<?> ingress;
    static GenericContainer<?> processor;
    static int ingressPort;
    static int processorPort;
    static SluiceConfig config;
    static Path processorConfig;
    static String volume;
    static final Set<String> SENT_KEYS = new HashSet<>();
    static final List<SignedDelivery> SENT = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        ingressService = ComposeService.read("ingress");
        processorService = ComposeService.read("processor");
        ingressPort = Ports.free();
        processorPort = Ports.free();
        Path ingressConfig = ingressService.testConfig(dir.resolve("ingress"), ingressPort, Ports.free(), Ports.free());
        processorConfig = processorService.testConfig(dir.resolve("processor"), Ports.free(), processorPort, Ports.free());
        config = new ConfigLoader(Map.of()).read(ingressConfig);
        volume = "sluice-test-" + UUID.randomUUID();
        long t0 = System.nanoTime();
        processor = startProcessor();
        ingress = ingressService.container(ingressConfig, broker(), null)
                .waitingFor(Wait.forLogMessage(".*event=listening.*", 1).withStartupTimeout(Duration.ofSeconds(120)));
        ingress.start();
        awaitReady(ingressPort);
        figure("ingress ready %.1f s after the processor's start%n", (System.nanoTime() - t0) / 1e9);
        awaitReady(processorPort);
        figure("image sizes: ingress %d MB, processor %d MB%n", imageMb(ingressService.image()),
                imageMb(processorService.image()));
    }

    static GenericContainer<?> startProcessor() {
        long t0 = System.nanoTime();
        GenericContainer<?> p = processorService.container(processorConfig, broker(), volume)
                .waitingFor(Wait.forLogMessage(".*Sluice processor started.*", 1).withStartupTimeout(Duration.ofSeconds(180)));
        p.start();
        awaitReady(processorPort);
        figure("processor start to ready %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return p;
    }

    @AfterAll
    static void stop() throws IOException {
        java.nio.file.Files.write(Path.of("target", "containers-report.txt"), FIGURES);
        for (GenericContainer<?> c : new GenericContainer<?>[]{ingress, processor}) {
            if (c != null) {
                c.stop();
            }
        }
        try {
            DockerClientFactory.instance().client().removeVolumeCmd(volume).exec();
        } catch (RuntimeException ignored) {
            // never created (start-up failed before)
        }
    }

    @Test
    @Order(1)
    void signedDeliveriesComeOutExactlyOnceAsAvro() throws Exception {
        int n = 20;
        for (int i = 0; i < n; i++) {
            SignedDelivery d = hyperspell("container-" + i);
            for (int copy = 0; copy < 1 + i % 3; copy++) {
                assertThat(post(d).statusCode()).isEqualTo(200);
            }
            SENT.add(d);
        }
        KAFKA.awaitCaughtUp(config.processor().applicationId(), Duration.ofSeconds(120), config.topics().raw());
        List<ConsumerRecord<byte[], byte[]>> out = KAFKA.readToEnd("hyperspell.index");
        assertThat(out).hasSize(n);
        for (ConsumerRecord<byte[], byte[]> r : out) {
            WebhookEvent e = SingleObjectCodec.decode(r.value());
            assertThat(e.getSource().toString()).isEqualTo("hyperspell");
            SENT_KEYS.add(new String(r.key(), StandardCharsets.UTF_8));
        }
        assertThat(SENT_KEYS).hasSize(n);
    }

    @Test
    @Order(2)
    void bothRunAsUid10001() throws Exception {
        for (GenericContainer<?> c : List.of(ingress, processor)) {
            Container.ExecResult id = c.execInContainer("id", "-u");
            assertThat(id.getStdout().trim()).isEqualTo("10001");
            // the JVM itself (PID 1), not only the exec'd shell
            assertThat(c.execInContainer("sh", "-c", "grep '^Uid:' /proc/1/status").getStdout()).contains("10001");
        }
    }

    @Test
    @Order(3)
    void neitherCanWriteOutsideItsVolumesAndTmpfs() throws Exception {
        for (GenericContainer<?> c : List.of(ingress, processor)) {
            for (String path : List.of("/opt/sluice/x", "/etc/sluice/x", "/x", "/usr/x")) {
                assertThat(c.execInContainer("sh", "-c", "touch " + path).getExitCode()).as("write %s", path).isNotZero();
            }
            assertThat(c.execInContainer("sh", "-c", "touch /tmp/x").getExitCode()).as("tmpfs").isZero();
        }
        assertThat(ingress.execInContainer("sh", "-c", "touch /var/lib/sluice/x").getExitCode()).isNotZero();
        assertThat(processor.execInContainer("sh", "-c", "touch /var/lib/sluice/data/x && rm /var/lib/sluice/data/x")
                .getExitCode()).as("the processor's state volume").isZero();
    }

    @Test
    @Order(4)
    void healthEndpointsAnswerAsTheKubernetesProbesExpect() {
        // deploy/base probes: startup and liveness /health/live, readiness /health/ready, on the service port
        for (int port : List.of(ingressPort, processorPort)) {
            assertThat(Probes.status(port, "/health/live")).isEqualTo(200);
            assertThat(Probes.status(port, "/health/ready")).isEqualTo(200);
        }
    }

    @Test
    @Order(5)
    void processorStateSurvivesAContainerRestartOnItsVolume() throws Exception {
        // docker stop (SIGTERM, compose's grace period): Streams commits and writes its checkpoint.
        // (GenericContainer.stop() would SIGKILL.) The named volume outlives the container.
        DockerClientFactory.instance().client().stopContainerCmd(processor.getContainerId()).withTimeout(60).exec();
        processor.stop();
        // the dedupe store's RocksDB files outlive the container on its volume: the next container opens them
        String files = onVolume("find /var/lib/sluice/data/streams -path '*sluice-dedupe*' -name CURRENT");
        figure("dedupe store files on the volume after docker stop:%n%s", files);
        assertThat(files).as("RocksDB stores of the dedupe window on the volume after docker stop").contains("CURRENT");
        processor = startProcessor();
        // the dedupe store came back: redeliveries of the events sent before the restart are still dropped
        for (SignedDelivery d : SENT) {
            assertThat(post(d).statusCode()).isEqualTo(200);
        }
        SignedDelivery marker = hyperspell("after-restart");
        assertThat(post(marker).statusCode()).isEqualTo(200);
        KAFKA.awaitCaughtUp(config.processor().applicationId(), Duration.ofSeconds(120), config.topics().raw());
        List<ConsumerRecord<byte[], byte[]>> out = KAFKA.readToEnd("hyperspell.index");
        assertThat(out).hasSize(SENT.size() + 1);
    }

    @Test
    @Order(6)
    void underA512MiBLimitTheHeapFollowsTheLimitAndABurstCausesNoOomKill() throws Exception {
        int port = Ports.free();
        Path cfg = ingressService.testConfig(dir.resolve("limited"), port, Ports.free(), Ports.free());
        long limit = 512L * 1024 * 1024;
        try (GenericContainer<?> limited = ingressService.container(cfg, broker(), null)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withMemory(limit).withMemorySwap(limit))
                .waitingFor(Wait.forLogMessage(".*event=listening.*", 1).withStartupTimeout(Duration.ofSeconds(120)))) {
            limited.start();
            awaitReady(port);
            String flags = limited.execInContainer("sh", "-c",
                    "java $JAVA_OPTS -XX:+PrintFlagsFinal -version 2>/dev/null | grep -w MaxHeapSize").getStdout();
            long maxHeap = Long.parseLong(flags.replaceAll(".*MaxHeapSize\\s*=\\s*(\\d+).*", "$1").trim());
            figure("ingress max heap under a 512 MiB limit: %d MiB%n", maxHeap >> 20);
            assertThat(maxHeap).isBetween(limit / 2, limit * 80 / 100);

            int burst = 2000;
            ExecutorService pool = Executors.newFixedThreadPool(32);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                SignedDelivery d = hyperspell("burst-" + i);
                answers.add(pool.submit(() -> post(port, d).statusCode()));
            }
            int ok = 0;
            for (Future<Integer> f : answers) {
                ok += f.get(120, TimeUnit.SECONDS) == 200 ? 1 : 0;
            }
            pool.shutdown();
            InspectContainerResponse state = DockerClientFactory.instance().client()
                    .inspectContainerCmd(limited.getContainerId()).exec();
            String peak = limited.execInContainer("sh", "-c",
                    "cat /sys/fs/cgroup/memory.peak 2>/dev/null || cat /sys/fs/cgroup/memory/memory.max_usage_in_bytes").getStdout().trim();
            figure("burst of %d: %d answered 200; peak memory %d MiB of 512%n", burst, ok,
                    Long.parseLong(peak) >> 20);
            assertThat(ok).isEqualTo(burst);
            assertThat(state.getState().getOOMKilled()).isFalse();
            assertThat(state.getState().getRunning()).isTrue();
            assertThat(Long.parseLong(peak)).isLessThan(limit);
        }
    }

    @Test
    @Order(7)
    void sigtermLetsARequestInFlightFinishWithinTheGracePeriod() throws Exception {
        DockerClient docker = DockerClientFactory.instance().client();
        SignedDelivery d = hyperspell("in-flight-at-sigterm");
        byte[] body = d.body();
        StringBuilder head = new StringBuilder("POST /webhooks/hyperspell HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n");
        d.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n\r\n");
        try (Socket s = new Socket("127.0.0.1", ingressPort)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, 0, 10);
            out.flush();
            long t0 = System.nanoTime();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() ->
                    docker.stopContainerCmd(ingress.getContainerId()).withTimeout(30).exec());
            // positive barrier: the ingress has begun its shutdown (not ready any more) and waits for us
            await().atMost(Duration.ofSeconds(20)).until(() -> Probes.status(ingressPort, "/health/ready") != 200);
            assertThat(stopping).isNotDone();
            out.write(body, 10, body.length - 10);
            out.flush();
            String answer = readAnswer(in);
            assertThat(answer).contains(" 200 ").contains("\"status\":\"accepted\"");
            stopping.get(40, TimeUnit.SECONDS);
            figure("docker stop took %.1f s with a request in flight%n", (System.nanoTime() - t0) / 1e9);
        }
        InspectContainerResponse state = docker.inspectContainerCmd(ingress.getContainerId()).exec();
        assertThat(state.getState().getRunning()).isFalse();
        assertThat(state.getState().getOOMKilled()).isFalse();
    }

    // ---------------------------------------------------------------- helpers

    static final List<String> FIGURES = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A measured figure: printed, and written to target/containers-report.txt for the docs and notes. */
    static void figure(String format, Object... args) {
        String line = String.format(format, args);
        FIGURES.add(line.stripTrailing());
        System.out.print("[containers] " + line);
    }

    static Map<String, String> broker() {
        return Map.of("KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers());
    }

    static SignedDelivery hyperspell(String marker) {
        String body = "{\"event\":\"index-completed\",\"app\":\"containers\",\"user_id\":\"" + marker
                + "\",\"resource_id\":\"" + marker + "\",\"timestamp\":" + Instant.now().getEpochSecond() + "}";
        return SignedDelivery.of(config.source("hyperspell").orElseThrow()).body(body).build();
    }

    static HttpResponse<String> post(SignedDelivery d) throws Exception {
        return post(ingressPort, d);
    }

    static HttpResponse<String> post(int port, SignedDelivery d) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/hyperspell"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(d.body()));
        d.headers().forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void awaitReady(int port) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> Probes.status(port, "/health/ready") == 200);
    }

    /** Reads past a "100 Continue" to the final answer's status line and body start. */
    static String readAnswer(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        byte[] buf = new byte[4096];
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            b.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            String s = b.toString();
            if (s.contains("\"status\"") || s.matches("(?s).*HTTP/1.1 [2-5][0-9][0-9](?<!100) .*\r\n\r\n.*\\}.*")) {
                return s;
            }
        }
        return b.toString();
    }

    /** Runs {@code sh -c command} in a throwaway container of the processor image with its volume, returns stdout. */
    static String onVolume(String command) throws Exception {
        return OneShot.run(docker -> docker.createContainerCmd(processorService.image()).withEntrypoint("sh", "-c", command)
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withNetworkMode("host")
                        .withBinds(new com.github.dockerjava.api.model.Bind(volume,
                                new com.github.dockerjava.api.model.Volume(processorService.dataVolumeTarget())))),
                Duration.ofSeconds(60)).log();
    }

    static long imageMb(String image) {
        return DockerClientFactory.instance().client().inspectImageCmd(image).exec().getSize() / 1_000_000;
    }
}
