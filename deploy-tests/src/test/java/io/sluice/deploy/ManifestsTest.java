package io.sluice.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every manifest and patch binds strictly to the Kubernetes model; custom resources have the fields they need. */
class ManifestsTest {

    /** Every manifest file (resource or patch) referenced by a kustomization. */
    static Stream<Path> manifestFiles() {
        Set<Path> files = new LinkedHashSet<>();
        for (Path dir : Kustomize.directories()) {
            Kustomize.resourcePaths(dir).stream().filter(Files::isRegularFile).forEach(files::add);
            files.addAll(Kustomize.patchPaths(dir));
        }
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("manifestFiles")
    void everyDocumentBindsStrictlyToItsKind(Path file) {
        assertThat(Repo.documents(file)).as(Repo.rel(file)).isNotEmpty();
        for (JsonNode doc : Repo.documents(file)) {
            HasMetadata m = StrictModel.manifest(doc, Repo.rel(file));
            assertThat(m.getMetadata()).as(Repo.rel(file)).isNotNull();
            assertThat(m.getMetadata().getName()).as(Repo.rel(file)).isNotBlank();
        }
    }

    @ParameterizedTest
    @MethodSource("manifestFiles")
    void noSecretIsCommitted(Path file) {
        for (JsonNode doc : Repo.documents(file)) {
            assertThat(StrictModel.manifest(doc, Repo.rel(file))).as(Repo.rel(file)).isNotInstanceOf(Secret.class);
        }
    }

    @Test
    void strictBindingRejectsAnUnknownField() throws Exception {
        JsonNode typo = Repo.YAML.readTree("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  replica: 2
                """);
        assertThatThrownBy(() -> StrictModel.manifest(typo, "typo.yaml"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("spec.replica");
    }

    @Test
    void strictBindingRejectsAnUnknownNestedField() throws Exception {
        JsonNode typo = Repo.YAML.readTree("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  template:
                    spec:
                      containers:
                        - name: c
                          readinessProbe: {httpGet: {path: /health/ready, port: 8080, sheme: HTTP}}
                """);
        assertThatThrownBy(() -> StrictModel.manifest(typo, "typo.yaml"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("sheme");
    }

    @Test
    void strictBindingRejectsAnUnsupportedKind() throws Exception {
        JsonNode old = Repo.YAML.readTree("""
                apiVersion: policy/v1beta1
                kind: PodDisruptionBudget
                metadata: {name: x}
                """);
        assertThatThrownBy(() -> StrictModel.manifest(old, "old.yaml")).isInstanceOf(AssertionError.class);
        assertThat(StrictModel.bind(Repo.YAML.readTree("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n"),
                Deployment.class, "ok.yaml").getMetadata().getName()).isEqualTo("x");
    }

    @Test
    void kafkaTopicsHaveNamePartitionsReplicasAndConfig() {
        var topics = Topology.kafkaTopics();
        assertThat(topics).isNotEmpty();
        for (GenericKubernetesResource t : topics) {
            String where = "KafkaTopic " + t.getMetadata().getName();
            assertThat(t.getMetadata().getLabels()).as(where).containsKey("strimzi.io/cluster");
            Map<String, Object> spec = t.get("spec");
            assertThat(spec).as(where).containsOnlyKeys("topicName", "partitions", "replicas", "config");
            assertThat(spec.get("topicName")).as(where).isInstanceOf(String.class);
            assertThat(spec.get("partitions")).as(where).isInstanceOf(Integer.class);
            assertThat(spec.get("replicas")).as(where).isInstanceOf(Integer.class);
            assertThat(spec.get("config")).as(where).isInstanceOf(Map.class);
            // Kubernetes object names: DNS-1123, so dots in topic names need spec.topicName
            assertThat(t.getMetadata().getName()).as(where).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        }
    }

    @Test
    void serviceMonitorsSelectSluiceServicesByPortNameAndScrapeMetrics() {
        var monitors = Kustomize.manifests(KustomizationTest.PRODUCTION).stream()
                .filter(m -> m.getKind().equals("ServiceMonitor")).map(GenericKubernetesResource.class::cast).toList();
        assertThat(monitors).hasSize(2);
        for (GenericKubernetesResource m : monitors) {
            String where = "ServiceMonitor " + m.getMetadata().getName();
            Map<String, Object> spec = m.get("spec");
            assertThat(spec).as(where).containsOnlyKeys("selector", "endpoints");
            Map<String, String> labels = m.get("spec", "selector", "matchLabels");
            assertThat(labels).as(where).containsEntry("app.kubernetes.io/name", "sluice").containsKey("app.kubernetes.io/component");
            java.util.List<Map<String, Object>> endpoints = m.get("spec", "endpoints");
            assertThat(endpoints).as(where).isNotEmpty();
            for (Map<String, Object> e : endpoints) {
                assertThat(e).as(where).containsEntry("path", "/metrics").containsKey("port");
                assertThat(e.keySet()).as(where).isSubsetOf("port", "path", "interval", "scrapeTimeout", "scheme");
            }
        }
    }
}
