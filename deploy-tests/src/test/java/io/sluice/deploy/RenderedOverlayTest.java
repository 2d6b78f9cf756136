package io.sluice.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The production overlay as Kustomize renders it (patches applied, ConfigMap hashed), with
 * {@code kubectl}'s built-in Kustomize; needs no cluster. Skipped on a developer machine without
 * {@code kubectl}; under CI ({@code CI=true}) a missing {@code kubectl} fails the test instead, so
 * CI cannot pass without rendering. (Debian's {@code kubernetes-client} 1.20 is too old to render
 * these overlays; the machines this project runs CI on ship a current {@code kubectl}.)
 */
class RenderedOverlayTest {
    static List<HasMetadata> rendered;

    @BeforeAll
    static void render() throws Exception {
        if ("true".equals(System.getenv("CI"))) {
            assertThat(onPath("kubectl")).as("kubectl on the PATH: CI must render the overlays").isTrue();
        }
        assumeTrue(onPath("kubectl"), "kubectl not on PATH: rendering skipped (the file-level tests still ran)");
        Process p = new ProcessBuilder("kubectl", "kustomize", KustomizationTest.PRODUCTION.toString())
                .redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("kubectl kustomize: %s", err).isZero();
        rendered = new ArrayList<>();
        try (MappingIterator<JsonNode> it = Repo.YAML.readerFor(JsonNode.class).readValues(out)) {
            while (it.hasNext()) {
                rendered.add(StrictModel.manifest(it.next(), "rendered production overlay"));
            }
        }
    }

    static <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = rendered.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    @Test
    void everyNamespacedResourceLandsInTheSluiceNamespace() {
        for (HasMetadata m : rendered) {
            if (!(m instanceof Namespace)) {
                assertThat(m.getMetadata().getNamespace()).as(m.getKind() + " " + m.getMetadata().getName()).isEqualTo("sluice");
            }
        }
    }

    @Test
    void workloadsMountTheHashedConfigMapHoldingTheProductionConfig() throws IOException {
        ConfigMap config = one(ConfigMap.class);
        assertThat(config.getMetadata().getName()).startsWith("sluice-config-");
        assertThat(config.getData().get("sluice.yaml")).isEqualTo(Files.readString(Topology.productionConfig()));
        for (var pod : List.of(one(Deployment.class).getSpec().getTemplate().getSpec(), one(StatefulSet.class).getSpec().getTemplate().getSpec())) {
            assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getConfigMap().getName()).isEqualTo(config.getMetadata().getName()));
        }
    }

    @Test
    void patchesApplyTheProductionSizing() {
        StatefulSet processor = one(StatefulSet.class);
        assertThat(processor.getSpec().getReplicas()).isEqualTo(3);
        assertThat(processor.getSpec().getVolumeClaimTemplates()).singleElement()
                .satisfies(pvc -> assertThat(pvc.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("20Gi"));
        // strategic merge kept the base's probes and security settings next to the patched resources
        var c = processor.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("2Gi");
        assertThat(one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .extracting(e -> e.getName()).containsAll(Topology.PROVIDER_SECRETS);
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
