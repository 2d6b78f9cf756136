package io.sluice.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.sluice.config.SluiceConfig;
import io.sluice.topics.TopicProvisioner;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifests agree with the application: the ConfigMap's sluice.yaml loads through the real
 * {@code ConfigLoader} with the environment each pod gets, and ports, probe paths, state directory
 * and topics match what that config makes the application do.
 */
class ConfigAgreementTest {
    static final Path BASE = KustomizationTest.BASE;
    static final Path PRODUCTION = KustomizationTest.PRODUCTION;

    static SluiceConfig baseConfigAsIngress() {
        return Topology.load(Topology.baseConfig(), Topology.environment(Topology.ingressContainer()));
    }

    @Test
    void baseConfigLoadsWithTheIngressPodsEnvironment() {
        assertThat(baseConfigAsIngress().sources()).isNotEmpty();
    }

    @Test
    void baseConfigLoadsWithTheProcessorPodsEnvironment() {
        SluiceConfig c = Topology.load(Topology.baseConfig(), Topology.environment(Topology.processorContainer()));
        assertThat(c.sources()).isNotEmpty();
    }

    @Test
    void productionConfigLoadsWithEachPodsEnvironment() {
        assertThat(Topology.load(Topology.productionConfig(), Topology.environment(Topology.ingressContainer())).sources()).isNotEmpty();
        assertThat(Topology.load(Topology.productionConfig(), Topology.environment(Topology.processorContainer())).sources()).isNotEmpty();
    }

    @Test
    void everyVariableTheConfigsNeedIsSetInBothContainers() {
        for (Path config : List.of(Topology.baseConfig(), Topology.productionConfig())) {
            for (Container c : List.of(Topology.ingressContainer(), Topology.processorContainer())) {
                assertThat(Topology.environment(c).keySet()).as("%s in container %s", Repo.rel(config), c.getName())
                        .containsAll(Topology.requiredVariables(config));
            }
        }
    }

    @Test
    void configsNameTheProviderSecretsByTheirAgreedVariables() {
        for (Path config : List.of(Topology.baseConfig(), Topology.productionConfig())) {
            assertThat(Topology.requiredVariables(config)).as(Repo.rel(config)).containsAll(Topology.PROVIDER_SECRETS);
        }
    }

    @Test
    void providerSecretsComeFromSecretKeyRefsNeverLiterals() {
        for (Container c : List.of(Topology.ingressContainer(), Topology.processorContainer())) {
            for (String name : Topology.PROVIDER_SECRETS) {
                EnvVar e = c.getEnv().stream().filter(v -> v.getName().equals(name)).findFirst()
                        .orElseThrow(() -> new AssertionError(c.getName() + " lacks " + name));
                assertThat(e.getValue()).as("%s in %s", name, c.getName()).isNull();
                assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("sluice-provider-secrets");
                assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(name);
                assertThat(e.getValueFrom().getSecretKeyRef().getOptional()).as("a missing secret must stop the pod").isNotEqualTo(Boolean.TRUE);
            }
        }
    }

    @Test
    void containersReadTheMountedConfigThroughSluiceConfig() {
        for (Container c : List.of(Topology.ingressContainer(), Topology.processorContainer())) {
            String file = Topology.environment(c).get("SLUICE_CONFIG");
            assertThat(file).as(c.getName()).isEqualTo("/etc/sluice/sluice.yaml");
            VolumeMount m = mount(c, "config");
            assertThat(file).startsWith(m.getMountPath() + "/").endsWith("/sluice.yaml");
        }
        for (PodSpec pod : List.of(Topology.ingress().getSpec().getTemplate().getSpec(), Topology.processor().getSpec().getTemplate().getSpec())) {
            assertThat(pod.getVolumes()).anySatisfy(v -> {
                assertThat(v.getName()).isEqualTo("config");
                assertThat(v.getConfigMap().getName()).isEqualTo("sluice-config");
            });
        }
    }

    @Test
    void ingressContainerPortIsTheConfiguredIngressPort() {
        assertThat(port(Topology.ingressContainer(), "http")).isEqualTo(baseConfigAsIngress().ingress().port());
    }

    @Test
    void ingressProbesUseTheHealthPathsOnTheIngressPort() {
        Container c = Topology.ingressContainer();
        int port = baseConfigAsIngress().ingress().port();
        assertProbe(c, c.getLivenessProbe().getHttpGet(), "/health/live", port);
        assertProbe(c, c.getReadinessProbe().getHttpGet(), "/health/ready", port);
        assertProbe(c, c.getStartupProbe().getHttpGet(), "/health/live", port);
    }

    @Test
    void processorPortAndProbesMatchTheConfiguredProcessorPort() {
        Container c = Topology.processorContainer();
        int port = baseConfigAsIngress().processor().port();
        assertThat(port(c, "health")).isEqualTo(port);
        assertProbe(c, c.getLivenessProbe().getHttpGet(), "/health/live", port);
        assertProbe(c, c.getReadinessProbe().getHttpGet(), "/health/ready", port);
        assertProbe(c, c.getStartupProbe().getHttpGet(), "/health/live", port);
    }

    @Test
    void prometheusAnnotationsPointAtMetricsOnTheConfiguredPorts() {
        SluiceConfig c = baseConfigAsIngress();
        Map<String, String> ingress = Topology.ingress().getSpec().getTemplate().getMetadata().getAnnotations();
        Map<String, String> processor = Topology.processor().getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(ingress).containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/path", "/metrics")
                .containsEntry("prometheus.io/port", String.valueOf(c.ingress().port()));
        assertThat(processor).containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/path", "/metrics")
                .containsEntry("prometheus.io/port", String.valueOf(c.processor().port()));
    }

    @Test
    void servicesSelectTheirPodsAndTargetNamedContainerPorts() {
        Service ingress = Kustomize.manifest(BASE, Service.class, Topology.INGRESS);
        Service processor = Kustomize.manifest(BASE, Service.class, Topology.PROCESSOR);
        assertThat(ingress.getSpec().getSelector()).isEqualTo(Topology.ingress().getSpec().getSelector().getMatchLabels());
        assertThat(processor.getSpec().getSelector()).isEqualTo(Topology.processor().getSpec().getSelector().getMatchLabels());
        assertThat(Topology.ingress().getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(ingress.getSpec().getSelector());
        assertThat(Topology.processor().getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(processor.getSpec().getSelector());
        assertThat(ingress.getSpec().getPorts()).singleElement()
                .satisfies(p -> assertThat(port(Topology.ingressContainer(), p.getTargetPort().getStrVal())).isPositive());
        assertThat(processor.getSpec().getPorts()).singleElement()
                .satisfies(p -> assertThat(port(Topology.processorContainer(), p.getTargetPort().getStrVal())).isPositive());
    }

    @Test
    void processorServiceIsTheStatefulSetsHeadlessService() {
        Service processor = Kustomize.manifest(BASE, Service.class, Topology.PROCESSOR);
        assertThat(processor.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(Topology.processor().getSpec().getServiceName()).isEqualTo(processor.getMetadata().getName());
    }

    @Test
    void hpaScalesTheIngressDeploymentOnCpu() {
        HorizontalPodAutoscaler hpa = Kustomize.manifest(BASE, HorizontalPodAutoscaler.class, Topology.INGRESS);
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(Topology.INGRESS);
        assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(hpa.getSpec().getMetrics()).anySatisfy(m -> assertThat(m.getResource().getName()).isEqualTo("cpu"));
        // the HPA owns the count: a replicas field in the Deployment would reset it on every apply
        assertThat(Topology.ingress().getSpec().getReplicas()).isNull();
        // CPU utilization is relative to the request
        assertThat(Topology.ingressContainer().getResources().getRequests()).containsKey("cpu");
    }

    @Test
    void disruptionBudgetsSelectTheirWorkloads() {
        PodDisruptionBudget ingress = Kustomize.manifest(BASE, PodDisruptionBudget.class, Topology.INGRESS);
        PodDisruptionBudget processor = Kustomize.manifest(BASE, PodDisruptionBudget.class, Topology.PROCESSOR);
        assertThat(ingress.getSpec().getSelector()).isEqualTo(Topology.ingress().getSpec().getSelector());
        assertThat(processor.getSpec().getSelector()).isEqualTo(Topology.processor().getSpec().getSelector());
    }

    @Test
    void processorStateDirIsOnItsPersistentVolume() {
        StatefulSet sts = Topology.processor();
        Path stateDir = baseConfigAsIngress().processor().stateDir();
        assertThat(stateDir.isAbsolute()).as("state-dir must not depend on the working directory").isTrue();
        assertThat(sts.getSpec().getVolumeClaimTemplates()).singleElement().satisfies(pvc -> {
            VolumeMount m = mount(Topology.processorContainer(), pvc.getMetadata().getName());
            assertThat(stateDir.startsWith(Path.of(m.getMountPath()))).as("%s on %s", stateDir, m.getMountPath()).isTrue();
            assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
            assertThat(pvc.getSpec().getResources().getRequests()).containsKey("storage");
        });
        // the production patch replaces the template list: it must keep the same claim name
        StatefulSet patch = (StatefulSet) StrictModel.manifest(Repo.document(PRODUCTION.resolve("processor-patch.yaml")), "processor-patch.yaml");
        assertThat(patch.getSpec().getVolumeClaimTemplates()).extracting(p -> p.getMetadata().getName()).containsExactly("state");
    }

    @Test
    void productionRunsStandbyReplicasOnMorePodsThanStandbys() {
        SluiceConfig prod = Topology.load(Topology.productionConfig(), Topology.environment(Topology.processorContainer()));
        int replicas = productionProcessorReplicas();
        assertThat(prod.processor().standbyReplicas()).isGreaterThanOrEqualTo(1);
        // a standby must live on another instance than its active task
        assertThat(replicas).isGreaterThan(prod.processor().standbyReplicas());
    }

    @Test
    void processorStreamThreadsDoNotExceedRawPartitions() {
        SluiceConfig base = baseConfigAsIngress();
        SluiceConfig prod = Topology.load(Topology.productionConfig(), Topology.environment(Topology.processorContainer()));
        assertThat(Topology.processor().getSpec().getReplicas() * base.processor().threads()).isLessThanOrEqualTo(base.topics().partitions());
        assertThat(productionProcessorReplicas() * prod.processor().threads()).isLessThanOrEqualTo(prod.topics().partitions());
    }

    @Test
    void kafkaTopicsDeclareExactlyTheTopicsTheConfigsUse() {
        List<String> declared = Topology.kafkaTopics().stream().map(t -> (String) t.get("spec", "topicName")).toList();
        for (Path config : List.of(Topology.baseConfig(), Topology.productionConfig())) {
            SluiceConfig c = Topology.load(config, Topology.environment(Topology.ingressContainer()));
            assertThat(declared).as(Repo.rel(config)).containsExactlyInAnyOrderElementsOf(TopicProvisioner.topicNames(c));
        }
    }

    @Test
    void kafkaTopicsHaveTheConfiguredPartitionsAndThreeReplicas() {
        SluiceConfig c = Topology.load(Topology.productionConfig(), Topology.environment(Topology.ingressContainer()));
        assertThat(c.topics().replicationFactor()).isEqualTo((short) 3);
        for (GenericKubernetesResource t : Topology.kafkaTopics()) {
            assertThat((Integer) t.get("spec", "partitions")).as(t.getMetadata().getName()).isEqualTo(c.topics().partitions());
            assertThat((Integer) t.get("spec", "replicas")).as(t.getMetadata().getName()).isEqualTo(3);
            assertThat(Integer.parseInt(topicConfig(t, "min.insync.replicas"))).isEqualTo(2);
        }
    }

    @Test
    void kafkaTopicsAdmitTheLargestBodyTheIngressAccepts() {
        for (Path config : List.of(Topology.baseConfig(), Topology.productionConfig())) {
            long needed = TopicProvisioner.maxRecordBytes(Topology.load(config, Topology.environment(Topology.ingressContainer())));
            for (GenericKubernetesResource t : Topology.kafkaTopics()) {
                long max = Long.parseLong(topicConfig(t, "max.message.bytes"));
                assertThat(max).as("%s for %s", t.getMetadata().getName(), Repo.rel(config)).isGreaterThanOrEqualTo(needed);
            }
        }
    }

    @Test
    void kafkaTopicsHaveABoundedRetentionCoveringTheDedupeWindow() {
        SluiceConfig c = baseConfigAsIngress();
        for (GenericKubernetesResource t : Topology.kafkaTopics()) {
            long retention = Long.parseLong(topicConfig(t, "retention.ms"));
            assertThat(retention).as(t.getMetadata().getName()).isPositive();
            if (c.topics().raw().equals(t.get("spec", "topicName"))) {
                // the raw topic can be replayed against the dedupe store only while it still holds the window
                assertThat(retention).isGreaterThanOrEqualTo(c.processor().dedupeWindow().toMillis());
            }
        }
    }

    @Test
    void kafkaTopicsBelongToTheClusterTheConfigConnectsTo() {
        String bootstrap = baseConfigAsIngress().kafka().bootstrapServers();
        for (GenericKubernetesResource t : Topology.kafkaTopics()) {
            String cluster = t.getMetadata().getLabels().get("strimzi.io/cluster");
            // Strimzi names the bootstrap Service <cluster>-kafka-bootstrap
            assertThat(bootstrap).as(t.getMetadata().getName()).startsWith(cluster + "-kafka-bootstrap");
        }
    }

    @Test
    void baseAndProductionConfigsServeTheSameSourcesAndPorts() {
        SluiceConfig base = baseConfigAsIngress();
        SluiceConfig prod = Topology.load(Topology.productionConfig(), Topology.environment(Topology.ingressContainer()));
        assertThat(prod.sources()).extracting(s -> s.name() + ":" + s.scheme() + ":" + s.path())
                .containsExactlyElementsOf(base.sources().stream().map(s -> s.name() + ":" + s.scheme() + ":" + s.path()).toList());
        assertThat(prod.ingress().port()).isEqualTo(base.ingress().port());
        assertThat(prod.processor().port()).isEqualTo(base.processor().port());
        assertThat(prod.processor().stateDir()).isEqualTo(base.processor().stateDir());
        assertThat(prod.processor().applicationId()).isEqualTo(base.processor().applicationId());
    }

    @Test
    void kubernetesConfigServesTheSourcesAndRoutesOfTheExample() {
        SluiceConfig example = new io.sluice.config.ConfigLoader(Map.of()).read(ComposeTest.EXAMPLE);
        SluiceConfig base = baseConfigAsIngress();
        assertThat(base.sources()).extracting(s -> List.of(s.name(), s.scheme(), String.valueOf(s.path()), String.valueOf(s.hmac())))
                .containsExactlyElementsOf(example.sources().stream()
                        .map(s -> List.of(s.name(), s.scheme(), String.valueOf(s.path()), String.valueOf(s.hmac()))).toList());
        assertThat(base.routes()).isEqualTo(example.routes());
        assertThat(base.topics().raw()).isEqualTo(example.topics().raw());
        assertThat(base.ingress().maxBodyBytes()).isEqualTo(example.ingress().maxBodyBytes());
    }

    @Test
    void devConfigLoadsWithTheDevSecretsAndFitsOneBrokerAndOnePod() {
        Map<String, String> env = new java.util.HashMap<>(Topology.environment(Topology.processorContainer()));
        for (String literal : Kustomize.load(KustomizationTest.DEV).getSecretGenerator().get(0).getLiterals()) {
            env.put(literal.substring(0, literal.indexOf('=')), literal.substring(literal.indexOf('=') + 1));
        }
        Path devConfig = Kustomize.configMapFile(KustomizationTest.DEV, "sluice-config", "sluice.yaml").orElseThrow();
        SluiceConfig dev = Topology.load(devConfig, env);
        StatefulSet patch = Repo.documents(KustomizationTest.DEV.resolve("dev-patch.yaml")).stream()
                .map(d -> StrictModel.manifest(d, "dev-patch.yaml")).filter(StatefulSet.class::isInstance)
                .map(StatefulSet.class::cast).findFirst().orElseThrow();
        assertThat(dev.topics().replicationFactor()).isEqualTo((short) 1);
        assertThat(dev.processor().standbyReplicas()).isLessThan(patch.getSpec().getReplicas());
        assertThat(patch.getSpec().getReplicas() * dev.processor().threads()).isLessThanOrEqualTo(dev.topics().partitions());
        assertThat(TopicProvisioner.topicNames(dev)).isEqualTo(TopicProvisioner.topicNames(baseConfigAsIngress()));
        assertThat(dev.processor().stateDir()).isEqualTo(baseConfigAsIngress().processor().stateDir());
    }

    private static int productionProcessorReplicas() {
        StatefulSet patch = (StatefulSet) StrictModel.manifest(Repo.document(PRODUCTION.resolve("processor-patch.yaml")), "processor-patch.yaml");
        Integer r = patch.getSpec().getReplicas();
        return r != null ? r : Topology.processor().getSpec().getReplicas();
    }

    private static String topicConfig(GenericKubernetesResource topic, String key) {
        Object value = topic.get("spec", "config", key);
        assertThat(value).as("%s spec.config.%s", topic.getMetadata().getName(), key).isNotNull();
        return String.valueOf(value);
    }

    static int port(Container c, String name) {
        return c.getPorts().stream().filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst().orElseThrow(() -> new AssertionError(c.getName() + " has no port named " + name));
    }

    static VolumeMount mount(Container c, String volume) {
        return c.getVolumeMounts().stream().filter(m -> volume.equals(m.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " does not mount " + volume));
    }

    private static void assertProbe(Container c, HTTPGetAction get, String path, int port) {
        assertThat(get.getPath()).as(c.getName()).isEqualTo(path);
        IntOrString p = get.getPort();
        int resolved = p.getIntVal() != null ? p.getIntVal() : port(c, p.getStrVal());
        assertThat(resolved).as("%s probe %s", c.getName(), path).isEqualTo(port);
    }
}
