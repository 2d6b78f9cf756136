package io.sluice.deploy;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The Dockerfiles and the Maven profile that builds them agree with Compose, Kubernetes and the config. */
class DockerfileTest {

    static String dockerfile(String image) {
        return Repo.read(Repo.path("deploy/docker/" + image + ".Dockerfile"));
    }

    static String instruction(String dockerfile, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\s+(.+)$").matcher(dockerfile);
        String last = null;
        while (m.find()) {
            last = m.group(1).trim();
        }
        assertThat(last).as("%s instruction", name).isNotNull();
        return last;
    }

    static SluiceConfig example() {
        return new ConfigLoader(Map.of()).read(ComposeTest.EXAMPLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingress", "processor"})
    void startsFromTemurin17JreUnlessAnotherBaseIsPassed(String image) {
        assertThat(instruction(dockerfile(image), "ARG")).isEqualTo("BASE_IMAGE=eclipse-temurin:17-jre");
        assertThat(instruction(dockerfile(image), "FROM")).isEqualTo("${BASE_IMAGE}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingress", "processor"})
    void runsAsTheNumericNonRootUserThePodsDeclare(String image) {
        String user = instruction(dockerfile(image), "USER");
        assertThat(user).matches("\\d+:\\d+");
        long uid = Long.parseLong(user.substring(0, user.indexOf(':')));
        assertThat(uid).isPositive();
        PodSecurityContext pod = image.equals("ingress")
                ? Topology.ingress().getSpec().getTemplate().getSpec().getSecurityContext()
                : Topology.processor().getSpec().getTemplate().getSpec().getSecurityContext();
        assertThat(pod.getRunAsNonRoot()).isTrue();
        assertThat(pod.getRunAsUser()).isEqualTo(uid);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingress", "processor"})
    void heapFollowsTheContainerMemoryLimit(String image) {
        Matcher opts = Pattern.compile("JAVA_OPTS=\"([^\"]*)\"").matcher(dockerfile(image));
        assertThat(opts.find()).as("ENV JAVA_OPTS").isTrue();
        assertThat(opts.group(1)).contains("-XX:+UseContainerSupport").containsPattern("-XX:MaxRAMPercentage=\\d+");
        // the manifests set the same kind of options, so tuning one place is visible
        String manifest = (image.equals("ingress") ? Topology.ingressContainer() : Topology.processorContainer())
                .getEnv().stream().filter(e -> e.getName().equals("JAVA_OPTS")).findFirst().orElseThrow().getValue();
        assertThat(manifest).contains("-XX:+UseContainerSupport").containsPattern("-XX:MaxRAMPercentage=\\d+");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingress", "processor"})
    void entrypointExecsTheJarWithTheImagesSubcommand(String image) {
        String entrypoint = instruction(dockerfile(image), "ENTRYPOINT");
        assertThat(entrypoint).contains("exec java $JAVA_OPTS -jar /opt/sluice/sluice.jar " + image + " ");
        assertThat(dockerfile(image)).contains("COPY sluice.jar /opt/sluice/sluice.jar");
        assertThat(instruction(dockerfile(image), "WORKDIR")).isEqualTo(ComposeTest.IMAGE_WORKDIR.toString());
    }

    @Test
    void exposedPortsAreTheConfiguredPorts() {
        assertThat(instruction(dockerfile("ingress"), "EXPOSE")).isEqualTo(String.valueOf(example().ingress().port()));
        assertThat(instruction(dockerfile("processor"), "EXPOSE")).isEqualTo(String.valueOf(example().processor().port()));
    }

    @Test
    void processorImageDeclaresTheVolumeHoldingTheDefaultStateDir() {
        Path stateDir = ComposeTest.IMAGE_WORKDIR.resolve(example().processor().stateDir()).normalize();
        String volume = instruction(dockerfile("processor"), "VOLUME").replaceAll("[\\[\\]\"]", "").trim();
        assertThat(stateDir.startsWith(Path.of(volume))).as("%s under %s", stateDir, volume).isTrue();
    }

    @Test
    void mavenDockerProfileBuildsBothImagesUnderTheNamesComposeAndKubernetesUse() {
        String pom = Repo.read(Repo.path("deploy-tests/pom.xml"));
        assertThat(pom).contains("<id>docker</id>").contains("exec-maven-plugin");
        for (String image : List.of("ingress", "processor")) {
            assertThat(pom).contains("<argument>deploy/docker/" + image + ".Dockerfile</argument>")
                    .contains("<argument>sluice/" + image + ":${project.version}</argument>");
        }
        assertThat(pom).contains("<argument>app/target</argument>");
        assertThat(Topology.ingressContainer().getImage()).isEqualTo("sluice/ingress:" + Repo.version());
        assertThat(Topology.processorContainer().getImage()).isEqualTo("sluice/processor:" + Repo.version());
    }
}
