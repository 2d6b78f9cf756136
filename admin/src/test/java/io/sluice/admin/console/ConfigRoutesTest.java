package io.sluice.admin.console;

import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigRoutesTest {
    @Test
    void everySecretIsRedactedWhateverKeyHoldsIt() throws Exception {
        SluiceConfig config = new ConfigLoader(Map.of("HS", "env-secret-value")).parse("""
                kafka:
                  properties: {sasl.jaas.config: 'PlainLoginModule required password="kafka-password-value";'}
                admin:
                  tokens: [{name: ops, token: admin-token-value, scopes: [read]}]
                sources:
                  - {name: hyperspell, scheme: hyperspell, secrets: ["${HS}", second-secret-value]}
                  - name: partner
                    scheme: hmac
                    secrets: [hmac-secret-value]
                    hmac: {header: X-Signature, algorithm: sha256, encoding: hex, signed: "{body}"}
                """);
        String json = ConfigRoutes.redactedJson(config);
        assertThat(json).doesNotContain("env-secret-value", "second-secret-value", "hmac-secret-value", "admin-token-value",
                "kafka-password-value");
        assertThat(json).contains("\"***\"", "hyperspell", "X-Signature", "\"ops\"", "sasl.jaas.config");
    }
}
