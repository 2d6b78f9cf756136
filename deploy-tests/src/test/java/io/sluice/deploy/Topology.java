package io.sluice.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The application as Kubernetes sees it: the workloads of the base and the configs they mount. */
final class Topology {
    static final String INGRESS = "sluice-ingress";
    static final String PROCESSOR = "sluice-processor";
    static final List<String> PROVIDER_SECRETS = List.of(
            "HYPERSPELL_SECRET", "HUME_SECRET", "HYPONEMA_SECRET", "AIHUMMER_INBOUND_SECRET", "AIHUMMER_TRIGGER_SECRET");
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?}");

    private Topology() {
    }

    static Deployment ingress() {
        return Kustomize.manifest(KustomizationTest.BASE, Deployment.class, INGRESS);
    }

    static StatefulSet processor() {
        return Kustomize.manifest(KustomizationTest.BASE, StatefulSet.class, PROCESSOR);
    }

    static Container ingressContainer() {
        return ingress().getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    static Container processorContainer() {
        return processor().getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    static List<GenericKubernetesResource> kafkaTopics() {
        return Kustomize.manifests(Repo.path("deploy/topics")).stream()
                .filter(m -> m.getKind().equals("KafkaTopic")).map(GenericKubernetesResource.class::cast).toList();
    }

    static Path baseConfig() {
        return Kustomize.configMapFile(KustomizationTest.BASE, "sluice-config", "sluice.yaml").orElseThrow();
    }

    static Path productionConfig() {
        return Kustomize.configMapFile(KustomizationTest.PRODUCTION, "sluice-config", "sluice.yaml").orElseThrow();
    }

    /**
     * The environment a container gets, as the config loader will see it: literal values as they
     * are, values from Secrets/ConfigMaps/fields as clearly fake stand-ins.
     */
    static Map<String, String> environment(Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
            if (e.getValue() != null) {
                env.put(e.getName(), e.getValue());
            } else if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                env.put(e.getName(), "fake-" + e.getValueFrom().getSecretKeyRef().getKey());
            } else {
                env.put(e.getName(), "fake-" + e.getName());
            }
        }
        return env;
    }

    /** Loads a config file exactly as a container with {@code env} would. */
    static SluiceConfig load(Path config, Map<String, String> env) {
        return new ConfigLoader(env).read(config);
    }

    /** ${NAME} references without a default in the config's values (comments do not count). */
    static Set<String> requiredVariables(Path config) {
        Set<String> out = new LinkedHashSet<>();
        collect(Repo.document(config), out);
        return out;
    }

    private static void collect(JsonNode node, Set<String> out) {
        if (node.isTextual()) {
            Matcher m = VAR.matcher(node.asText());
            while (m.find()) {
                if (m.group(2) == null) {
                    out.add(m.group(1));
                }
            }
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            collect(it.next(), out);
        }
    }
}
