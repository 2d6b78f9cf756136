package io.sluice.app;

import io.sluice.config.ConfigLoader;
import io.sluice.config.SourceConfig;
import io.sluice.scheme.Delivery;
import io.sluice.scheme.Headers;
import io.sluice.scheme.Schemes;
import io.sluice.scheme.Verification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SluiceCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @TempDir
    Path dir;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private Path config(String yaml) throws Exception {
        Path f = dir.resolve("sluice.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void badConfigPrintsOneLineNamingTheKeyAndExitsTwo() throws Exception {
        Path f = config("ingress: {port: eighty}\nsources: [{name: a, scheme: github, secrets: [x]}]\n");
        int code = Sluice.run("ingress", "--config", f.toString());
        assertThat(code).isEqualTo(2);
        String e = err.toString(StandardCharsets.UTF_8);
        assertThat(e).contains("ingress.port").doesNotContain("at io.sluice");
    }

    @Test
    void signPrintsCurlWhoseHeadersVerify() throws Exception {
        Path f = config("sources: [{name: gh, scheme: github, secrets: [topsecret]}]\n");
        Path body = dir.resolve("body.json");
        Files.writeString(body, "{\"zen\":\"Keep it logically awesome.\"}");
        int code = Sluice.run("sign", "gh", "--config", f.toString(), "--body", body.toString(), "--headers-only");
        assertThat(code).isZero();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                headers.put(line.substring(0, colon), line.substring(colon + 2).trim());
            }
        }
        assertThat(headers.keySet()).anyMatch(h -> h.equalsIgnoreCase("X-Hub-Signature-256"));
        SourceConfig gh = new ConfigLoader(Map.of()).read(f).sources().get(0);
        Verification v = Schemes.verifier(gh, Clock.systemUTC())
                .verify(new Delivery("http://localhost/webhooks/gh", Headers.of(headers), Files.readAllBytes(body)));
        assertThat(v).isInstanceOf(Verification.Verified.class);
    }

    @Test
    void signWebflowSendsItsTimestampInMillisecondsAsWebflowDoes() throws Exception {
        Path f = config("sources: [{name: wf, scheme: webflow, secrets: [topsecret]}]\n");
        Path body = dir.resolve("body.json");
        Files.writeString(body, "{\"triggerType\":\"form_submission\",\"payload\":{\"id\":\"f1\"}}");
        long before = System.currentTimeMillis();
        assertThat(Sluice.run("sign", "wf", "--config", f.toString(), "--body", body.toString(), "--headers-only")).isZero();
        long after = System.currentTimeMillis();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                headers.put(line.substring(0, colon), line.substring(colon + 2).trim());
            }
        }
        assertThat(Long.parseLong(headers.get("x-webflow-timestamp"))).isBetween(before, after);
        SourceConfig wf = new ConfigLoader(Map.of()).read(f).sources().get(0);
        Verification v = Schemes.verifier(wf, Clock.systemUTC())
                .verify(new Delivery("http://localhost/webhooks/wf", Headers.of(headers), Files.readAllBytes(body)));
        assertThat(v).isInstanceOf(Verification.Verified.class);
    }

    @Test
    void signCurlPostsFileToTheSourceUrl() throws Exception {
        Path f = config("ingress: {port: 9999}\nsources: [{name: hs, scheme: hyperspell, secrets: [s]}]\n");
        Path body = dir.resolve("b.json");
        Files.writeString(body, "{\"event\":\"index-started\",\"timestamp\":1}");
        assertThat(Sluice.run("sign", "hs", "--config", f.toString(), "--body", body.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("curl").contains("http://localhost:9999/webhooks/hs")
                .contains("X-Hyperspell-Signature").contains("--data-binary '@" + body + "'")
                .doesNotContain("'s'");
    }

    @Test
    void signUnknownSourceExitsTwoAndListsConfiguredOnes() throws Exception {
        Path f = config("sources: [{name: hs, scheme: hyperspell, secrets: [s]}]\n");
        Path body = dir.resolve("b.json");
        Files.writeString(body, "{}");
        assertThat(Sluice.run("sign", "nope", "--config", f.toString(), "--body", body.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nope").contains("hs");
    }

    @Test
    void missingEnvironmentVariableIsReportedByName() throws Exception {
        Path f = config("sources: [{name: hs, scheme: hyperspell, secrets: [\"${SLUICE_TEST_UNSET_VAR}\"]}]\n");
        assertThat(Sluice.run("processor", "--config", f.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("SLUICE_TEST_UNSET_VAR");
    }

    @Test
    void everyDesignCommandExists() {
        for (String cmd : new String[]{"up", "kafka", "ingress", "processor", "tail", "sign"}) {
            out.reset();
            assertThat(Sluice.run(cmd, "--help")).as(cmd).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: sluice " + cmd);
        }
    }
}
