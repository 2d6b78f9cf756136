package io.sluice.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** docker-compose.yml: parses, runs the images the build produces, and agrees with the example config. */
class ComposeTest {
    static final Path COMPOSE = Repo.path("docker-compose.yml");
    static final Path EXAMPLE = Repo.path("config/sluice.example.yaml");
    /** WORKDIR of both images: relative paths of the config resolve against it. */
    static final Path IMAGE_WORKDIR = Path.of("/var/lib/sluice");

    static JsonNode compose() {
        return Repo.document(COMPOSE);
    }

    static JsonNode service(String name) {
        JsonNode s = compose().path("services").path(name);
        assertThat(s.isObject()).as("service %s", name).isTrue();
        return s;
    }

    /** A service's environment as a map; a bare NAME (passed through from the shell) maps to null. */
    static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode e = service.path("environment");
        if (e.isArray()) {
            for (JsonNode entry : e) {
                String s = entry.asText();
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
            }
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                env.put(f.getKey(), f.getValue().isNull() ? null : f.getValue().asText());
            }
        }
        return env;
    }

    /** container path → host path (or volume name) of a service's mounts (short syntax). */
    static Map<String, String> mounts(JsonNode service) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode v : service.path("volumes")) {
            String[] parts = v.asText().split(":");
            out.put(parts[1], parts[0]);
        }
        return out;
    }

    static SluiceConfig exampleAsLoadedIn(String service) {
        Map<String, String> env = new HashMap<>();
        // a pass-through variable that the shell does not set is unset in the container
        environment(service(service)).forEach((k, v) -> {
            if (v != null) {
                env.put(k, v);
            }
        });
        return new ConfigLoader(env).read(EXAMPLE);
    }

    @Test
    void composeRunsKafkaTheIngressAndTheProcessor() {
        List<String> names = new ArrayList<>();
        compose().path("services").fieldNames().forEachRemaining(names::add);
        assertThat(names).contains("kafka", "ingress", "processor");
        assertThat(compose().has("version")).as("the version key is obsolete in the Compose Specification").isFalse();
    }

    @Test
    void kafkaIsTheOfficialImagePinnedToTheBuildsKafkaVersion() {
        String image = service("kafka").path("image").asText();
        assertThat(image).matches("apache/kafka:4\\.\\d+\\.\\d+");
        String kafkaVersion = System.getProperty("kafka.version");
        if (kafkaVersion != null) {
            // the same broker as the embedded one of `bin/sluice up`
            assertThat(image).isEqualTo("apache/kafka:" + kafkaVersion);
        }
    }

    @Test
    void kafkaRunsInKraftModeWithSingleReplicaInternalTopics() {
        Map<String, String> env = environment(service("kafka"));
        assertThat(env.get("KAFKA_PROCESS_ROLES")).contains("broker").contains("controller");
        assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS")).isNotBlank();
        assertThat(env).doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
        // exactly_once_v2 needs the transaction log, which one broker can only hold with one replica
        assertThat(env).containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1");
    }

    @Test
    void kafkaAdvertisesTheBootstrapAddressTheServicesUseAndLocalhost9092() {
        Map<String, String> kafka = environment(service("kafka"));
        String advertised = kafka.get("KAFKA_ADVERTISED_LISTENERS");
        for (String s : List.of("ingress", "processor")) {
            String bootstrap = environment(service(s)).get("KAFKA_BOOTSTRAP_SERVERS");
            assertThat(bootstrap).as(s).isNotBlank();
            assertThat(advertised).as(s).contains("://" + bootstrap);
        }
        // bin/sluice tail and kcat on the host find Kafka where `bin/sluice up` puts it
        assertThat(advertised).contains("://localhost:9092");
        assertThat(service("kafka").path("ports").toString()).contains("9092:9092");
    }

    @Test
    void ingressAndProcessorRunTheImagesTheBuildProduces() {
        assertThat(service("ingress").path("image").asText()).isEqualTo("sluice/ingress:" + Repo.version());
        assertThat(service("processor").path("image").asText()).isEqualTo("sluice/processor:" + Repo.version());
    }

    @Test
    void imagesAreBuiltFromTheJarWithTheDeployDockerfiles() {
        for (String s : List.of("ingress", "processor")) {
            JsonNode build = service(s).path("build");
            Path context = Repo.root().resolve(build.path("context").asText()).normalize();
            assertThat(context).as(s).isEqualTo(Repo.path("app/target"));
            Path dockerfile = context.resolve(build.path("dockerfile").asText()).normalize();
            assertThat(dockerfile).as(s).isEqualTo(Repo.path("deploy/docker/" + s + ".Dockerfile")).isRegularFile();
        }
    }

    @Test
    void bothServicesMountTheExampleConfigWhereSluiceConfigPoints() {
        assertThat(EXAMPLE).isRegularFile();
        for (String s : List.of("ingress", "processor")) {
            String file = environment(service(s)).get("SLUICE_CONFIG");
            assertThat(mounts(service(s))).as(s).containsEntry(file, "./config/sluice.example.yaml");
        }
    }

    @Test
    void exampleConfigLoadsWithEachServicesEnvironment() {
        for (String s : List.of("ingress", "processor")) {
            SluiceConfig c = exampleAsLoadedIn(s);
            assertThat(c.kafka().bootstrapServers()).as(s).isEqualTo(environment(service(s)).get("KAFKA_BOOTSTRAP_SERVERS"));
        }
    }

    @Test
    void providerSecretsArePassedThroughFromTheShellNeverWrittenDown() {
        for (String s : List.of("ingress", "processor")) {
            Map<String, String> env = environment(service(s));
            for (String name : Topology.PROVIDER_SECRETS) {
                assertThat(env).as(s).containsKey(name);
                assertThat(env.get(name)).as("%s in %s", name, s).isNull();
            }
        }
    }

    @Test
    void ingressIsPublishedOnTheConfiguredPortOfLocalhost() {
        int port = exampleAsLoadedIn("ingress").ingress().port();
        assertThat(port).isEqualTo(8080);
        List<String> ports = new ArrayList<>();
        service("ingress").path("ports").forEach(p -> ports.add(p.asText()));
        assertThat(ports).anySatisfy(p -> assertThat(p).endsWith(port + ":" + port));
    }

    @Test
    void healthchecksAskTheReadyPathOnTheConfiguredPorts() {
        SluiceConfig c = exampleAsLoadedIn("ingress");
        assertThat(service("ingress").path("healthcheck").path("test").toString())
                .contains("/health/ready").contains("127.0.0.1/" + c.ingress().port());
        assertThat(service("processor").path("healthcheck").path("test").toString())
                .contains("/health/ready").contains("127.0.0.1/" + c.processor().port());
        assertThat(service("kafka").path("healthcheck").path("test").toString()).contains("kafka-broker-api-versions");
    }

    @Test
    void servicesWaitForAHealthyKafka() {
        for (String s : List.of("ingress", "processor")) {
            assertThat(service(s).path("depends_on").path("kafka").path("condition").asText()).as(s).isEqualTo("service_healthy");
        }
    }

    @Test
    void processorStateDirIsOnANamedVolume() {
        Path stateDir = IMAGE_WORKDIR.resolve(exampleAsLoadedIn("processor").processor().stateDir()).normalize();
        Map<String, String> mounts = mounts(service("processor"));
        assertThat(mounts.keySet()).as("a volume holding %s", stateDir)
                .anySatisfy(target -> {
                    assertThat(stateDir.startsWith(Path.of(target))).isTrue();
                    assertThat(compose().path("volumes").has(mounts.get(target))).isTrue();
                });
    }

    @Test
    void servicesRunWithAReadOnlyRootFilesystemAndAWritableTmp() {
        for (String s : List.of("ingress", "processor")) {
            assertThat(service(s).path("read_only").asBoolean()).as(s).isTrue();
            // RocksDB and Netty load native libraries from /tmp: it must allow exec
            assertThat(service(s).path("tmpfs").get(0).asText()).as(s).startsWith("/tmp:").contains("exec");
            assertThat(service(s).path("tmpfs").get(0).asText()).as(s).doesNotContain("noexec");
        }
    }
}
