package io.sluice.ingress;

import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;

import java.util.Map;

/** Test configurations: loopback, port 0, a few sources. */
final class TestConfigs {
    static final String RAW = "sluice.raw";

    private TestConfigs() {
    }

    static SluiceConfig config(String bootstrap, String kafkaTimeout, String extraIngress) {
        String yaml = """
                kafka:
                  bootstrap-servers: "%s"
                topics:
                  raw: %s
                ingress:
                  host: 127.0.0.1
                  port: 0
                  max-body-bytes: 4096
                  kafka-timeout: %s
                %s
                sources:
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
                """.formatted(bootstrap, RAW, kafkaTimeout, extraIngress);
        return new ConfigLoader(Map.of()).parse(yaml);
    }
}
