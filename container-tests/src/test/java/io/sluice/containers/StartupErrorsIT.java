package io.sluice.containers;

import io.sluice.testkit.Probes;
import io.sluice.testkit.Ports;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A broken setup makes the image exit non-zero with one line that says what is wrong (no stack
 * trace); an unreachable broker does not: the ingress keeps listening and its readiness says 503,
 * which is what Kubernetes' readiness probe and compose's health check act on.
 */
class StartupErrorsIT {
    @TempDir
    Path dir;

    @Test
    void configAtAWrongPathExitsNonZeroNamingThePath() throws Exception {
        OneShot.Exit exit = run(ComposeService.read("ingress"), validConfig(), Map.of("SLUICE_CONFIG", "/etc/sluice/missing.yaml"));
        assertThat(exit.code()).isNotZero();
        assertThat(exit.log()).contains("/etc/sluice/missing.yaml");
        assertThat(exit.log()).doesNotContain("\tat ").doesNotContain("Exception in thread");
    }

    @Test
    void missingSecretVariableExitsNonZeroNamingIt() throws Exception {
        Path cfg = dir.resolve("missing-secret.yaml");
        Files.writeString(cfg, """
                sources:
                  - {name: hyperspell, scheme: hyperspell, secrets: ["${SLUICE_TEST_UNSET_SECRET}"]}
                """);
        cfg.toFile().setReadable(true, false);
        OneShot.Exit exit = run(ComposeService.read("processor"), cfg, Map.of());
        assertThat(exit.code()).isNotZero();
        assertThat(exit.log()).contains("SLUICE_TEST_UNSET_SECRET");
        assertThat(exit.log()).doesNotContain("\tat ");
    }

    @Test
    void unreachableBrokerKeepsTheIngressListeningButNotReady() throws Exception {
        ComposeService ingress = ComposeService.read("ingress");
        int port = Ports.free();
        Path cfg = ingress.testConfig(dir.resolve("unreachable"), port, Ports.free(), Ports.free());
        try (GenericContainer<?> c = ingress.container(cfg, Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + Ports.free()), null)
                .waitingFor(Wait.forLogMessage(".*event=listening.*", 1).withStartupTimeout(Duration.ofSeconds(120)))) {
            c.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> Probes.status(port, "/health/live") == 200);
            assertThat(Probes.status(port, "/health/ready")).isEqualTo(503);
            assertThat(c.isRunning()).isTrue();
        }
    }

    private Path validConfig() throws IOException {
        return ComposeService.read("ingress").testConfig(dir.resolve("valid"), Ports.free(), Ports.free(), Ports.free());
    }

    /** Runs the image with compose's settings until it exits (at most 90 s), and returns its exit code and output. */
    private static OneShot.Exit run(ComposeService service, Path config, Map<String, String> env) throws Exception {
        List<String> envList = new ArrayList<>();
        service.environment().forEach((k, v) -> envList.add(k + "=" + env.getOrDefault(k, v)));
        env.forEach((k, v) -> {
            if (!service.environment().containsKey(k)) {
                envList.add(k + "=" + v);
            }
        });
        HostConfig host = HostConfig.newHostConfig().withNetworkMode("host").withReadonlyRootfs(service.readOnly())
                .withBinds(new Bind(config.toString(), new Volume(service.configTarget()), AccessMode.ro));
        return OneShot.run(docker -> docker.createContainerCmd(service.image()).withEnv(envList).withHostConfig(host),
                Duration.ofSeconds(90));
    }
}
