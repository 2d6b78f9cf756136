package io.sluice.admin.console;

import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.config.SourceConfig;
import io.sluice.scheme.Delivery;
import io.sluice.scheme.Headers;
import io.sluice.scheme.Schemes;
import io.sluice.scheme.Verification;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class SampleCurlRoutesTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T00:00:00Z"), ZoneOffset.UTC);

    private static final SluiceConfig CONFIG = new ConfigLoader(Map.of()).parse("""
            ingress: {port: 8080}
            sources:
              - {name: demo, scheme: hyperspell, secrets: [demo-hyperspell-secret]}
              - {name: rotated, scheme: hyperspell, secrets: [demo-old, real-new-secret]}
              - {name: gh, scheme: github, path: /gh/hook, secrets: [demo-github]}
            """);

    @Test
    void onlySourcesWhoseEverySecretIsADemoValueQualify() {
        assertThat(SampleCurlRoutes.demoOnly(source("demo"))).isTrue();
        assertThat(SampleCurlRoutes.demoOnly(source("rotated"))).isFalse();
    }

    @Test
    void theCommandCarriesASignatureTheSourcesVerifierAccepts() {
        String body = "{\"event\":\"index-completed\",\"note\":\"it's\",\"timestamp\":" + CLOCK.instant().getEpochSecond() + "}";
        SampleCurlRoutes.SampleCurl c = SampleCurlRoutes.sample(CONFIG, source("demo"), body, null, null, CLOCK);

        assertThat(c.url()).isEqualTo("http://localhost:8080/webhooks/demo");
        assertThat(c.curl()).doesNotContain("demo-hyperspell-secret");
        List<String> quoted = unquote(c.curl());
        assertThat(quoted.get(0)).isEqualTo(c.url());
        assertThat(quoted.get(quoted.size() - 1)).isEqualTo(body); // the apostrophe survives the shell quoting
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h : quoted.subList(1, quoted.size() - 1)) {
            headers.put(h.substring(0, h.indexOf(':')), h.substring(h.indexOf(':') + 1).trim());
        }
        Verification v = Schemes.verifier(source("demo"), CLOCK)
                .verify(new Delivery(c.url(), Headers.of(headers), body.getBytes(StandardCharsets.UTF_8)));
        assertThat(v).isInstanceOf(Verification.Verified.class);
    }

    @Test
    void headerSchemesKeepTheEventsIdAndTypeAndTheSourcesOwnPath() {
        SampleCurlRoutes.SampleCurl c = SampleCurlRoutes.sample(CONFIG, source("gh"), "{}", "delivery-1", "push", CLOCK);
        assertThat(c.url()).isEqualTo("http://localhost:8080/gh/hook");
        assertThat(c.curl()).contains("'X-GitHub-Delivery: delivery-1'", "'X-GitHub-Event: push'");
    }

    private static SourceConfig source(String name) {
        return CONFIG.source(name).orElseThrow();
    }

    private static List<String> unquote(String curl) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("'((?:[^']|'\\\\'')*)'").matcher(curl);
        while (m.find()) {
            out.add(m.group(1).replace("'\\''", "'"));
        }
        return out;
    }
}
