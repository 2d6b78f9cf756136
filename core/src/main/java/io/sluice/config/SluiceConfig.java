package io.sluice.config;

import java.util.List;
import java.util.Optional;

/** The whole Sluice configuration, parsed and validated once at start-up by {@link ConfigLoader}. */
public record SluiceConfig(KafkaConfig kafka, TopicsConfig topics, IngressConfig ingress, ProcessorConfig processor,
                           AdminConfig admin, List<RouteConfig> routes, List<SourceConfig> sources) {
    public SluiceConfig {
        admin = admin == null ? AdminConfig.defaults() : admin;
        routes = routes == null ? List.of() : List.copyOf(routes);
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    /** A config with the admin API at its defaults (off: no tokens). */
    public SluiceConfig(KafkaConfig kafka, TopicsConfig topics, IngressConfig ingress, ProcessorConfig processor,
                        List<RouteConfig> routes, List<SourceConfig> sources) {
        this(kafka, topics, ingress, processor, AdminConfig.defaults(), routes, sources);
    }

    public Optional<SourceConfig> source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Copy pointing every client at another bootstrap address (the embedded broker's). */
    public SluiceConfig withBootstrapServers(String servers) {
        return new SluiceConfig(kafka.withBootstrapServers(servers), topics, ingress, processor, admin, routes, sources);
    }

    /** Copy with other ingress settings (tests bind port 0). */
    public SluiceConfig withIngress(IngressConfig other) {
        return new SluiceConfig(kafka, topics, other, processor, admin, routes, sources);
    }

    /** Copy with other processor settings. */
    public SluiceConfig withProcessor(ProcessorConfig other) {
        return new SluiceConfig(kafka, topics, ingress, other, admin, routes, sources);
    }

    /** Copy with other admin API settings (tests bind port 0; {@code up} adds its demo token). */
    public SluiceConfig withAdmin(AdminConfig other) {
        return new SluiceConfig(kafka, topics, ingress, processor, other, routes, sources);
    }

    /** Copy with other sources (tests). */
    public SluiceConfig withSources(List<SourceConfig> other) {
        return new SluiceConfig(kafka, topics, ingress, processor, admin, routes, other);
    }

    /** Copy with other routes (tests). */
    public SluiceConfig withRoutes(List<RouteConfig> other) {
        return new SluiceConfig(kafka, topics, ingress, processor, admin, other, sources);
    }
}
