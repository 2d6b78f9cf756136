package io.sluice.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    private static final String MINIMAL = """
            sources:
              - name: hyperspell
                scheme: hyperspell
                secrets: ["s3cret-value"]
            """;

    private static SluiceConfig parse(String yaml) {
        return new ConfigLoader(Map.of()).parse(yaml);
    }

    private static SluiceConfig parse(String yaml, Map<String, String> env) {
        return new ConfigLoader(env).parse(yaml);
    }

    @Test
    void defaultsFollowTheDesign() {
        SluiceConfig c = parse(MINIMAL);
        assertThat(c.kafka().useEmbedded()).isTrue();
        assertThat(c.kafka().embedded().port()).isEqualTo(9092);
        assertThat(c.kafka().embedded().dataDir()).isEqualTo(Path.of("./data/kafka"));
        assertThat(c.topics().raw()).isEqualTo("sluice.raw");
        assertThat(c.topics().defaultTopic()).isEqualTo("sluice.events");
        assertThat(c.topics().deadLetter()).isEqualTo("sluice.dlq");
        assertThat(c.ingress().host()).isEqualTo("0.0.0.0");
        assertThat(c.ingress().port()).isEqualTo(8080);
        assertThat(c.ingress().maxBodyBytes()).isEqualTo(1_048_576L);
        assertThat(c.processor().port()).isEqualTo(8081);
        assertThat(c.processor().dedupeWindow()).isEqualTo(Duration.ofDays(7));
        assertThat(c.routes()).isEmpty();
    }

    @Test
    void exampleConfigLoadsWithoutEnvironment() {
        SluiceConfig c = new ConfigLoader(Map.of()).read(Path.of("../config/sluice.example.yaml"));
        assertThat(c.sources()).extracting(SourceConfig::name)
                .containsExactly("hyperspell", "hume", "hyponema", "inbound", "trigger");
        assertThat(c.routes()).hasSize(2);
        assertThat(c.source("inbound").orElseThrow().path()).isEqualTo("/v1/inbound/generic");
    }

    @Test
    void environmentVariableIsSubstitutedInSecrets() {
        SluiceConfig c = parse("""
                sources:
                  - name: hyperspell
                    scheme: hyperspell
                    secrets: ["${HS_SECRET}", "old-${HS_OLD:-fallback}"]
                """, Map.of("HS_SECRET", "from-env"));
        assertThat(c.sources().get(0).secrets()).extracting(Secret::reveal).containsExactly("from-env", "old-fallback");
    }

    @Test
    void missingEnvironmentVariableNamesVariableAndKey() {
        assertThatThrownBy(() -> parse("""
                sources:
                  - name: hyperspell
                    scheme: hyperspell
                    secrets: ["${NOT_SET_ANYWHERE}"]
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("NOT_SET_ANYWHERE")
                .hasMessageContaining("sources[0].secrets[0]");
    }

    @Test
    void kafkaBootstrapServersEnvironmentOverridesFile() {
        SluiceConfig c = parse("kafka: {bootstrap-servers: file:9092}\n" + MINIMAL,
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:9093"));
        assertThat(c.kafka().bootstrapServers()).isEqualTo("env:9093");
        assertThat(c.kafka().useEmbedded()).isFalse();
    }

    @Test
    void environmentValueCannotChangeYamlStructure() {
        SluiceConfig c = parse("""
                sources:
                  - name: hyperspell
                    scheme: hyperspell
                    secrets: ["${S}"]
                """, Map.of("S", "a\"]\n  - name: evil"));
        assertThat(c.sources()).hasSize(1);
        assertThat(c.sources().get(0).secrets().get(0).reveal()).isEqualTo("a\"]\n  - name: evil");
    }

    @Test
    void unknownKeyIsRejectedWithItsPath() {
        assertThatThrownBy(() -> parse("ingress: {prot: 8080}\n" + MINIMAL))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ingress.prot");
    }

    @Test
    void unknownSchemeIsRejectedWithItsPath() {
        assertThatThrownBy(() -> parse("""
                sources:
                  - name: x
                    scheme: nope
                    secrets: [a]
                """)).hasMessageStartingWith("sources[0].scheme").hasMessageContaining("hyperspell");
    }

    @Test
    void hmacSchemeRequiresHmacBlock() {
        assertThatThrownBy(() -> parse("""
                sources:
                  - name: partner
                    scheme: hmac
                    secrets: [a]
                """)).hasMessageStartingWith("sources[0].hmac");
    }

    @Test
    void badHmacAlgorithmNamesKey() {
        assertThatThrownBy(() -> parse("""
                sources:
                  - name: partner
                    scheme: hmac
                    secrets: [a]
                    hmac: {header: X-Sig, algorithm: md5}
                """)).hasMessageStartingWith("sources[0].hmac.algorithm");
    }

    @Test
    void hmacTemplateUsingTimestampNeedsTimestampLocator() {
        assertThatThrownBy(() -> parse("""
                sources:
                  - name: partner
                    scheme: hmac
                    secrets: [a]
                    hmac: {header: X-Sig, signed: "{timestamp}.{body}"}
                """)).hasMessageStartingWith("sources[0].timestamp");
    }

    @Test
    void fullHmacSourceParses() {
        SourceConfig s = parse("""
                sources:
                  - name: partner
                    scheme: hmac
                    secrets: ["a", "b"]
                    hmac: {header: X-Signature, algorithm: sha512, encoding: base64, prefix: "v1=", signed: "{timestamp}.{body}"}
                    timestamp: {header: X-Timestamp}
                    tolerance: 90s
                    event-id: {json: /id}
                    event-type: {header: X-Type}
                    max-body-bytes: 2048
                """).sources().get(0);
        assertThat(s.scheme()).isEqualTo("hmac");
        assertThat(s.hmac().macAlgorithm()).isEqualTo("HmacSHA512");
        assertThat(s.hmac().prefix()).isEqualTo("v1=");
        assertThat(s.timestamp()).isEqualTo(ValueLocator.header("X-Timestamp"));
        assertThat(s.eventId()).isEqualTo(ValueLocator.json("/id"));
        assertThat(s.eventType()).isEqualTo(ValueLocator.header("X-Type"));
        assertThat(s.tolerance()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.maxBodyBytes()).isEqualTo(2048L);
    }

    @Test
    void badDurationNamesKey() {
        assertThatThrownBy(() -> parse("processor: {dedupe-window: 7 days}\n" + MINIMAL))
                .hasMessageStartingWith("processor.dedupe-window");
    }

    @Test
    void duplicateSourceNameIsRejected() {
        assertThatThrownBy(() -> parse("""
                sources:
                  - {name: a, scheme: github, secrets: [x]}
                  - {name: a, scheme: github, secrets: [y]}
                """)).hasMessageStartingWith("sources[1].name");
    }

    @Test
    void routeNamingUnknownSourceIsRejected() {
        assertThatThrownBy(() -> parse(MINIMAL + """
                routes:
                  - {topic: t, sources: [nobody]}
                """)).hasMessageStartingWith("routes[0].sources[0]");
    }

    @Test
    void invalidTopicNameIsRejected() {
        assertThatThrownBy(() -> parse("topics: {raw: 'bad topic'}\n" + MINIMAL)).hasMessageStartingWith("topics.raw");
    }

    @Test
    void emptySecretIsRejected() {
        assertThatThrownBy(() -> parse("""
                sources:
                  - {name: a, scheme: github, secrets: [""]}
                """)).hasMessageStartingWith("sources[0].secrets[0]");
    }

    @Test
    void missingSourcesIsRejected() {
        assertThatThrownBy(() -> parse("ingress: {port: 8080}")).hasMessageStartingWith("sources");
    }

    @Test
    void toStringNeverShowsSecretsOrKafkaPropertyValues() {
        SluiceConfig c = parse("""
                kafka:
                  properties: {sasl.jaas.config: "password=hunter2"}
                """ + MINIMAL);
        assertThat(c.toString()).doesNotContain("s3cret-value").doesNotContain("hunter2").contains("***");
    }

    @Test
    void durationsRoundTrip() {
        assertThat(Durations.parse("k", "7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("k", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofHours(12))).isEqualTo("12h");
    }
}
