package io.sluice.config;

import java.util.List;
import java.util.Optional;

/** The whole Sluice configuration, parsed and validated once at start-up by {@link ConfigLoader}. */
public record SluiceConfig(KafkaConfig kafka, TopicsConfig topics, IngressConfig ingress, ProcessorConfig processor,
                           List<RouteConfig> routes, List<SourceConfig> sources) {
    public SluiceConfig {
        routes = List.copyOf(routes);
        sources = List.copyOf(sources);
    }

    public Optional<SourceConfig> source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Copy pointing every client at another bootstrap address (the embedded broker's). */
    public SluiceConfig withBootstrapServers(String servers) {
        return new SluiceConfig(kafka.withBootstrapServers(servers), topics, ingress, processor, routes, sources);
    }

    /** Copy with other ingress settings (tests bind port 0). */
    public SluiceConfig withIngress(IngressConfig other) {
        return new SluiceConfig(kafka, topics, other, processor, routes, sources);
    }

    /** Copy with other processor settings. */
    public SluiceConfig withProcessor(ProcessorConfig other) {
        return new SluiceConfig(kafka, topics, ingress, other, routes, sources);
    }
}
