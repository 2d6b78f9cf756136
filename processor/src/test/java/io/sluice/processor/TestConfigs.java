package io.sluice.processor;

import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;

import java.nio.file.Path;
import java.util.Map;

/** A config with one source per scheme and routes exercising every matching rule. */
final class TestConfigs {
    private TestConfigs() {
    }

    static final String YAML = """
            kafka:
              bootstrap-servers: "%s"
            processor:
              port: 0
              dedupe-window: 1h
              application-id: "%s"
              state-dir: "%s"
              commit-interval: 100ms
            topics:
              partitions: 2
            routes:
              - topic: hyperspell.index
                sources: [hyperspell]
                types: ["index-*"]
              - topic: chats
                types: ["chat_??????"]
              - topic: hume.all
                sources: [hume]
              - topic: inbound.email
                sources: [inbound]
                types: ["inbound.email"]
              - topic: hume.all
                sources: [hume]
                types: ["chat_paused"]
            sources:
              - {name: hyperspell, scheme: hyperspell, secrets: ["s1"]}
              - {name: hume, scheme: hume, secrets: ["s2"]}
              - name: hyponema
                scheme: hyponema
                secrets: ["s3"]
                hmac: {header: X-Hyponema-Signature}
              - {name: inbound, scheme: aihummer-inbound, secrets: ["s4"]}
              - {name: trigger, scheme: aihummer-trigger, secrets: ["s5"]}
              - {name: stripe, scheme: stripe, secrets: ["whsec_x"]}
              - {name: slack, scheme: slack, secrets: ["s6"]}
              - {name: github, scheme: github, secrets: ["s7"]}
              - {name: shopify, scheme: shopify, secrets: ["s8"]}
              - {name: std, scheme: standard-webhooks, secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]}
              - name: partner
                scheme: hmac
                secrets: ["s9"]
                hmac: {header: X-Signature, signed: "{timestamp}.{body}"}
                timestamp: {json: /ts}
            """;

    static SluiceConfig config(String bootstrap, String applicationId, Path stateDir) {
        return new ConfigLoader(Map.of()).parse(YAML.formatted(bootstrap, applicationId,
                stateDir.toString().replace("\\", "/")));
    }
}
