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

    @Test
    void adminAndNewTopicsDefaultsFollowTheDesign() {
        SluiceConfig c = parse(MINIMAL);
        assertThat(c.admin().host()).isEqualTo("127.0.0.1");
        assertThat(c.admin().port()).isEqualTo(8082);
        assertThat(c.admin().tokens()).isEmpty();
        assertThat(c.admin().enabled()).isFalse();
        assertThat(c.topics().index()).isEqualTo("sluice.index");
        assertThat(c.topics().rejections()).isEqualTo("sluice.rejections");
        assertThat(c.topics().audit()).isEqualTo("sluice.audit");
        assertThat(c.sources().get(0).rateLimit()).isNull();
        assertThat(c.sources().get(0).publicUrl()).isNull();
    }

    @Test
    void adminTokensParseWithScopes() {
        SluiceConfig c = parse("""
                admin:
                  host: 0.0.0.0
                  port: 9000
                  tokens:
                    - {name: ops, token: "${ADMIN_TOKEN}", scopes: [read, replay, admin]}
                    - {name: viewer, token: "viewer-token-value", scopes: [read]}
                """ + MINIMAL, Map.of("ADMIN_TOKEN", "ops-token-value"));
        assertThat(c.admin().host()).isEqualTo("0.0.0.0");
        assertThat(c.admin().port()).isEqualTo(9000);
        assertThat(c.admin().enabled()).isTrue();
        AdminToken ops = c.admin().tokens().get(0);
        assertThat(ops.name()).isEqualTo("ops");
        assertThat(ops.token().reveal()).isEqualTo("ops-token-value");
        assertThat(ops.scopes()).containsExactlyInAnyOrder(Scope.READ, Scope.REPLAY, Scope.ADMIN);
        assertThat(c.admin().tokens().get(1).allows(Scope.ADMIN)).isFalse();
    }

    @Test
    void toStringNeverShowsAdminTokenValues() {
        SluiceConfig c = parse("""
                admin:
                  tokens: [{name: ops, token: "tok-very-secret", scopes: [admin]}]
                """ + MINIMAL);
        assertThat(c.toString()).doesNotContain("tok-very-secret").contains("ops");
    }

    @Test
    void unknownAdminScopeNamesKey() {
        assertThatThrownBy(() -> parse("""
                admin:
                  tokens: [{name: ops, token: t, scopes: [read, root]}]
                """ + MINIMAL)).hasMessageStartingWith("admin.tokens[0].scopes[1]").hasMessageContaining("root");
    }

    @Test
    void adminTokenWithoutScopesIsRejected() {
        assertThatThrownBy(() -> parse("""
                admin:
                  tokens: [{name: ops, token: t}]
                """ + MINIMAL)).hasMessageStartingWith("admin.tokens[0].scopes");
    }

    @Test
    void adminTokenWithoutValueIsRejected() {
        assertThatThrownBy(() -> parse("""
                admin:
                  tokens: [{name: ops, scopes: [read]}]
                """ + MINIMAL)).hasMessageStartingWith("admin.tokens[0].token");
    }

    @Test
    void duplicateAdminTokenValueIsRejectedWithoutShowingIt() {
        assertThatThrownBy(() -> parse("""
                admin:
                  tokens:
                    - {name: a, token: same-value-123, scopes: [read]}
                    - {name: b, token: same-value-123, scopes: [read]}
                """ + MINIMAL)).hasMessageStartingWith("admin.tokens[1].token")
                .message().doesNotContain("same-value-123");
    }

    @Test
    void adminTopicsCanBeRenamed() {
        SluiceConfig c = parse("topics: {index: i, rejections: r, audit: a}\n" + MINIMAL);
        assertThat(c.topics().index()).isEqualTo("i");
        assertThat(c.topics().rejections()).isEqualTo("r");
        assertThat(c.topics().audit()).isEqualTo("a");
    }

    @Test
    void rateLimitParsesPerSecondAndPerMinute() {
        SluiceConfig c = parse("""
                sources:
                  - {name: a, scheme: github, secrets: [x], rate-limit: {rate: 200/s, burst: 400}}
                  - {name: b, scheme: github, secrets: [x], rate-limit: {rate: 30/m}}
                """);
        assertThat(c.sources().get(0).rateLimit()).isEqualTo(new RateLimitConfig(200, 400));
        assertThat(c.sources().get(1).rateLimit().perSecond()).isEqualTo(0.5);
        assertThat(c.sources().get(1).rateLimit().burst()).isEqualTo(1);
    }

    @Test
    void badRateNamesKey() {
        assertThatThrownBy(() -> parse("""
                sources:
                  - {name: a, scheme: github, secrets: [x], rate-limit: {rate: fast}}
                """)).hasMessageStartingWith("sources[0].rate-limit.rate");
    }

    @Test
    void zeroBurstNamesKey() {
        assertThatThrownBy(() -> parse("""
                sources:
                  - {name: a, scheme: github, secrets: [x], rate-limit: {rate: 10/s, burst: 0}}
                """)).hasMessageStartingWith("sources[0].rate-limit.burst");
    }

    @Test
    void publicUrlMustBeAbsolute() {
        SluiceConfig c = parse("""
                sources:
                  - {name: a, scheme: github, secrets: [x], public-url: "https://hooks.example.com/webhooks/a"}
                """);
        assertThat(c.sources().get(0).publicUrl()).isEqualTo("https://hooks.example.com/webhooks/a");
        assertThatThrownBy(() -> parse("""
                sources:
                  - {name: a, scheme: github, secrets: [x], public-url: "/webhooks/a"}
                """)).hasMessageStartingWith("sources[0].public-url");
    }

    @Test
    void routeFormatDefaultsToAvroAndAcceptsJson() {
        SluiceConfig c = parse(MINIMAL + """
                routes:
                  - {topic: t1}
                  - {topic: t2, format: json}
                """);
        assertThat(c.routes().get(0).format()).isEqualTo(RouteFormat.AVRO);
        assertThat(c.routes().get(1).format()).isEqualTo(RouteFormat.JSON);
    }

    @Test
    void unknownRouteFormatNamesKey() {
        assertThatThrownBy(() -> parse(MINIMAL + """
                routes:
                  - {topic: t1, format: xml}
                """)).hasMessageStartingWith("routes[0].format");
    }

    private static final String THREE_SOURCES = """
            sources:
              - {name: a, scheme: github, secrets: [x]}
              - {name: b, scheme: github, secrets: [x]}
            """;

    @Test
    void unknownKeyInThirdSourceNamesFullPath() {
        assertThatThrownBy(() -> parse(THREE_SOURCES + "  - {name: c, scheme: github, secretz: [x]}\n"))
                .hasMessage("sources[2].secretz: unknown key");
    }

    @Test
    void missingSecretsInThirdSourceNamesFullPath() {
        assertThatThrownBy(() -> parse(THREE_SOURCES + "  - {name: c, scheme: github}\n"))
                .hasMessage("sources[2].secrets: at least one secret is required");
    }

    @Test
    void mappingWhereSecretExpectedNamesElement() {
        assertThatThrownBy(() -> parse(THREE_SOURCES + "  - {name: c, scheme: github, secrets: [{a: b}]}\n"))
                .hasMessage("sources[2].secrets[0]: must be a single value");
    }

    @Test
    void scalarWhereSectionExpectedSaysMapping() {
        assertThatThrownBy(() -> parse("ingress: 5\n" + MINIMAL)).hasMessage("ingress: must be a mapping");
    }

    @Test
    void mappingWhereListExpectedSaysList() {
        assertThatThrownBy(() -> parse("sources: {name: a}\n")).hasMessage("sources: must be a list");
    }

    @Test
    void textWhereNumberExpectedNamesKey() {
        assertThatThrownBy(() -> parse("ingress: {port: abc}\n" + MINIMAL))
                .hasMessage("ingress.port: 'abc' is not a whole number");
    }

    @Test
    void numberBeyondRangeNamesKey() {
        assertThatThrownBy(() -> parse("ingress: {port: 70000}\n" + MINIMAL))
                .hasMessageStartingWith("ingress.port: 70000 is out of range");
        assertThatThrownBy(() -> parse("ingress: {port: 99999999999}\n" + MINIMAL))
                .hasMessageStartingWith("ingress.port: is out of range");
    }

    @Test
    void numberFromEnvironmentIsAccepted() {
        SluiceConfig c = parse("ingress: {port: \"${PORT}\"}\n" + MINIMAL, Map.of("PORT", "9999"));
        assertThat(c.ingress().port()).isEqualTo(9999);
    }

    @Test
    void emptyListEntryNamesIndex() {
        assertThatThrownBy(() -> parse(THREE_SOURCES + "  -\n")).hasMessage("sources[2]: empty list entry");
    }

    @Test
    void duplicateTopLevelKeyIsRejected() {
        assertThatThrownBy(() -> parse(MINIMAL + "sources: []\n")).hasMessageContaining("sources");
    }

    @Test
    void locatorWithBothHeaderAndJsonIsRejected() {
        assertThatThrownBy(() -> parse(THREE_SOURCES + "  - {name: c, scheme: github, secrets: [x], event-id: {header: A, json: /b}}\n"))
                .hasMessage("sources[2].event-id: set exactly one of 'header' or 'json'");
    }

    @Test
    void unknownKeyInRateLimitNamesFullPath() {
        assertThatThrownBy(() -> parse(THREE_SOURCES + "  - {name: c, scheme: github, secrets: [x], rate-limit: {rat: 1/s}}\n"))
                .hasMessage("sources[2].rate-limit.rat: unknown key");
    }

    @Test
    void secretIsReadFromFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path f = dir.resolve("hs-secret");
        java.nio.file.Files.writeString(f, "from-file\n");
        SluiceConfig c = parse("""
                sources:
                  - name: hyperspell
                    scheme: hyperspell
                    secrets: ["${file:%s}"]
                """.formatted(f));
        assertThat(c.sources().get(0).secrets().get(0).reveal()).isEqualTo("from-file");
    }

    @Test
    void missingSecretFileNamesKeyAndFile() {
        assertThatThrownBy(() -> parse("""
                sources:
                  - name: hyperspell
                    scheme: hyperspell
                    secrets: ["${file:/nonexistent/sluice-secret}"]
                """)).hasMessageStartingWith("sources[0].secrets[0]").hasMessageContaining("/nonexistent/sluice-secret");
    }

    @Test
    void singleSecretWithoutListIsAccepted() {
        SluiceConfig c = parse("sources: [{name: a, scheme: github, secrets: only-one}]");
        assertThat(c.sources().get(0).secrets()).extracting(Secret::reveal).containsExactly("only-one");
    }

    @Test
    void hmacBlockDefaultsApply() {
        HmacConfig h = parse("sources: [{name: a, scheme: hmac, secrets: [x], hmac: {header: X-Sig}}]").sources().get(0).hmac();
        assertThat(h).isEqualTo(new HmacConfig("X-Sig", "sha256", "hex", "", "{body}"));
    }

    @Test
    void tlsBlockBindsCertAndKey() {
        SluiceConfig c = parse("ingress: {tls: {cert: /etc/c.pem, key: /etc/k.pem}}\n" + MINIMAL);
        assertThat(c.ingress().tls()).isEqualTo(new TlsConfig(Path.of("/etc/c.pem"), Path.of("/etc/k.pem")));
    }
}
