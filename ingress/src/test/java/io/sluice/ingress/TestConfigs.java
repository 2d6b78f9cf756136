package io.sluice.ingress;

import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;

import java.util.Map;

/** Test configurations: loopback, port 0, a few sources. */
final class TestConfigs {
    static final String RAW = "sluice.raw";

    private TestConfigs() {
    }

    /** The sources of {@link #config}: GitHub, the generic inbound scheme on its own path, Slack. */
    private static final String SOURCES = """
              - name: github
                scheme: github
                secrets: ["gh-secret"]
              - name: inbound
                scheme: aihummer-inbound
                path: /v1/inbound/generic
                secrets: ["inbound-secret"]
                max-body-bytes: 100000
              - name: slack
                scheme: slack
                secrets: ["slack-secret"]
            """;

    /** The three usual sources, bodies up to 4 KiB, {@code extraIngress} lines added under {@code ingress:}. */
    static SluiceConfig config(String bootstrap, String kafkaTimeout, String extraIngress) {
        return withSources(bootstrap, "  max-body-bytes: 4096\n  kafka-timeout: " + kafkaTimeout + "\n" + extraIngress, SOURCES);
    }

    /**
     * {@code ingress} lines (indented by two spaces) under {@code ingress:} after host and port, and
     * {@code sources} (list items indented by two spaces) under {@code sources:}.
     */
    static SluiceConfig withSources(String bootstrap, String ingress, String sources) {
        return new ConfigLoader(Map.of()).parse(yaml(bootstrap, ingress, sources));
    }

    private static String yaml(String bootstrap, String ingress, String sources) {
        return """
                kafka:
                  bootstrap-servers: "%s"
                topics:
                  raw: %s
                ingress:
                  host: 127.0.0.1
                  port: 0
                %s
                sources:
                %s""".formatted(bootstrap, RAW, ingress, sources);
    }
}
