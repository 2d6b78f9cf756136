package io.sluice.deploy;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Parses manifests into fabric8's Kubernetes model and fails on any field the model does not know.
 *
 * <p>fabric8's classes never fail on unknown fields: they collect them in {@code additionalProperties}
 * (an any-setter). So after binding, every model object reachable through a JSON property is
 * visited and a non-empty {@code additionalProperties} is reported with its path, which is what a
 * strict {@code kubectl apply --validate=strict} would refuse.
 */
final class StrictModel {
    /** apiVersion/kind → model class. Custom resources bind to {@link GenericKubernetesResource}. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", GenericKubernetesResource.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", GenericKubernetesResource.class));

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private StrictModel() {
    }

    /** Binds a manifest by its apiVersion and kind; fails on an unsupported kind or an unknown field. */
    static HasMetadata manifest(JsonNode doc, String where) {
        String key = doc.path("apiVersion").asText("") + "/" + doc.path("kind").asText("");
        Class<? extends HasMetadata> type = KINDS.get(key);
        if (type == null) {
            throw new AssertionError(where + ": unsupported apiVersion/kind " + key + " (known: " + KINDS.keySet() + ")");
        }
        return bind(doc, type, where);
    }

    /** Binds {@code doc} to {@code type}; fails on an unknown field anywhere in it. */
    static <T> T bind(JsonNode doc, Class<T> type, String where) {
        T value;
        try {
            value = MAPPER.treeToValue(doc, type);
        } catch (Exception e) {
            throw new AssertionError(where + ": does not bind to " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        List<String> unknown = unknownFields(value);
        if (!unknown.isEmpty()) {
            throw new AssertionError(where + ": unknown field(s) for " + type.getSimpleName() + ": " + unknown);
        }
        return value;
    }

    /** Paths of every field that landed in an {@code additionalProperties} map. */
    static List<String> unknownFields(Object value) {
        List<String> out = new ArrayList<>();
        visit(value, "", out);
        return out;
    }

    private static void visit(Object value, String path, List<String> out) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                visit(e, path + "[" + i++ + "]", out);
            }
            return;
        }
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> visit(v, path + "." + k, out));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        boolean generic = value instanceof GenericKubernetesResource;
        BeanDescription bean = MAPPER.getSerializationConfig().introspect(MAPPER.constructType(value.getClass()));
        for (BeanPropertyDefinition p : bean.findProperties()) {
            AnnotatedMember getter = p.getAccessor();
            if (getter == null) {
                continue;
            }
            Object child = getter.getValue(value);
            if (p.getName().equals("additionalProperties")) {
                continue;
            }
            visit(child, path.isEmpty() ? p.getName() : path + "." + p.getName(), out);
        }
        // a custom resource's content lives in additionalProperties by design; anything else's must be empty
        if (!generic) {
            Object extra = additionalProperties(value);
            if (extra instanceof Map<?, ?> m && !m.isEmpty()) {
                for (Object k : m.keySet()) {
                    out.add(path.isEmpty() ? String.valueOf(k) : path + "." + k);
                }
            }
        }
    }

    private static Object additionalProperties(Object value) {
        try {
            return value.getClass().getMethod("getAdditionalProperties").invoke(value);
        } catch (NoSuchMethodException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
