package io.sluice.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.ConfigMapArgs;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.Image;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.Kustomization;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.SecretArgs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kustomize layout: every kustomization is valid and complete, and nothing under deploy/ is orphaned. */
class KustomizationTest {
    static final Path BASE = Repo.path("deploy/base");
    static final Path PRODUCTION = Repo.path("deploy/overlays/production");
    static final Path DEV = Repo.path("deploy/overlays/dev");

    static Stream<Path> kustomizations() {
        return Kustomize.directories().stream();
    }

    @Test
    void theExpectedKustomizationsExist() {
        assertThat(Kustomize.directories()).contains(BASE, PRODUCTION, DEV, Repo.path("deploy/topics"));
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void kustomizationParsesStrictly(Path dir) {
        Kustomization k = Kustomize.load(dir);
        assertThat(k.getApiVersion()).isIn("kustomize.config.k8s.io/v1beta1", "kustomize.config.k8s.io/v1alpha1");
        assertThat(k.getKind()).isIn("Kustomization", "Component");
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void resourcesExistAsFilesOrKustomizationDirectories(Path dir) {
        for (Path r : Kustomize.resourcePaths(dir)) {
            assertThat(Files.isRegularFile(r) || Files.isRegularFile(r.resolve(Kustomize.FILE)))
                    .as("%s refers to %s", Repo.rel(dir), r).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void patchesAndGeneratorFilesExist(Path dir) {
        List<Path> files = new ArrayList<>(Kustomize.patchPaths(dir));
        files.addAll(Kustomize.generatorFiles(dir));
        for (Path f : files) {
            assertThat(f).as("%s refers to %s", Repo.rel(dir), f).isRegularFile();
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void resourcesStayInsideDeploy(Path dir) {
        // a reference outside deploy/ would break `kubectl apply -k` from a copy of the directory
        for (Path r : Kustomize.resourcePaths(dir)) {
            assertThat(r.startsWith(Repo.path("deploy"))).as("%s refers to %s", Repo.rel(dir), r).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void patchesTargetResourcesOfTheBasesTheyPatch(Path dir) {
        Set<String> targets = new HashSet<>();
        for (HasMetadata m : Kustomize.manifests(dir)) {
            targets.add(m.getKind() + "/" + m.getMetadata().getName());
        }
        for (Path p : Kustomize.patchPaths(dir)) {
            for (var doc : Repo.documents(p)) {
                HasMetadata patch = StrictModel.manifest(doc, Repo.rel(p));
                assertThat(targets).as("patch %s", Repo.rel(p)).contains(patch.getKind() + "/" + patch.getMetadata().getName());
            }
        }
    }

    @Test
    void everyYamlFileUnderDeployIsReferencedBySomeKustomization() throws IOException {
        Set<Path> referenced = new HashSet<>();
        for (Path dir : Kustomize.directories()) {
            referenced.add(dir.resolve(Kustomize.FILE));
            referenced.addAll(Kustomize.resourcePaths(dir));
            referenced.addAll(Kustomize.patchPaths(dir));
            referenced.addAll(Kustomize.generatorFiles(dir));
        }
        try (Stream<Path> files = Files.walk(Repo.path("deploy"))) {
            List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .map(Path::normalize).toList();
            assertThat(yaml).isNotEmpty();
            for (Path f : yaml) {
                assertThat(referenced).as("%s is not used by any kustomization", Repo.rel(f)).contains(f);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void onlyTheDevOverlayGeneratesSecretsAndOnlyFromFakeLiterals(Path dir) {
        List<SecretArgs> secrets = Kustomize.load(dir).getSecretGenerator();
        if (secrets == null || secrets.isEmpty()) {
            return;
        }
        assertThat(dir).as("a secretGenerator outside the dev overlay").isEqualTo(DEV);
        for (SecretArgs s : secrets) {
            assertThat(s.getFiles()).as("files could hold real values").isNullOrEmpty();
            assertThat(s.getEnvs()).as("env files could hold real values").isNullOrEmpty();
            for (String literal : s.getLiterals()) {
                assertThat(literal.substring(literal.indexOf('=') + 1)).startsWith("dev-only-not-a-secret");
            }
        }
    }

    @Test
    void devSecretsCoverEveryProviderSecretUnderTheReferencedName() {
        SecretArgs secret = Kustomize.load(DEV).getSecretGenerator().get(0);
        assertThat(secret.getName()).isEqualTo("sluice-provider-secrets");
        assertThat(secret.getLiterals()).extracting(l -> l.substring(0, l.indexOf('='))).containsExactlyInAnyOrderElementsOf(Topology.PROVIDER_SECRETS);
    }

    @Test
    void baseGeneratesTheConfigMapFromSluiceYaml() {
        assertThat(Kustomize.configMapFile(BASE, "sluice-config", "sluice.yaml")).contains(BASE.resolve("sluice.yaml"));
    }

    @Test
    void productionReplacesTheConfigAndSetsANamespace() {
        Kustomization k = Kustomize.load(PRODUCTION);
        assertThat(k.getNamespace()).isEqualTo("sluice");
        assertThat(k.getResources()).contains("../../base");
        ConfigMapArgs config = k.getConfigMapGenerator().stream()
                .filter(c -> "sluice-config".equals(c.getName())).findFirst().orElseThrow();
        assertThat(config.getBehavior()).isEqualTo("replace");
        assertThat(Kustomize.configMapFile(PRODUCTION, "sluice-config", "sluice.yaml")).contains(PRODUCTION.resolve("sluice.yaml"));
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void imageOverridesUseTheBuildsImageNamesAndVersion(Path dir) {
        List<Image> images = Kustomize.load(dir).getImages();
        if (images == null) {
            return;
        }
        for (Image i : images) {
            assertThat(i.getName()).as(Repo.rel(dir)).isIn("sluice/ingress", "sluice/processor");
            assertThat(i.getNewTag()).as(Repo.rel(dir)).isEqualTo(Repo.version());
        }
    }
}
