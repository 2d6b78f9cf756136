package io.sluice.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LogScannerTest {
    static final String HEX_SIG = "5f0a9e2c1b7d43e8a6f1c2d3b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f7081";
    static final String B64_SIG = "q3J0b3BzZWNyZXRzaWduYXR1cmVieXRlczEyMzQ1Njc=";

    @TempDir
    Path dir;

    private List<LogScanner.Finding> scan(String text) throws IOException {
        Path f = dir.resolve("x.err");
        Files.writeString(f, text);
        return new LogScanner(List.of("s3cr3t-value"), Set.of(HEX_SIG, B64_SIG)).scan(List.of(f));
    }

    @Test
    void findsASecretAnywhereInALine() throws IOException {
        assertThat(scan("ok\nlevel=INFO key=xs3cr3t-valuey\n")).singleElement()
                .satisfies(f -> assertThat(f.line()).isEqualTo(2)).satisfies(f -> assertThat(f.what()).isEqualTo("secret"));
    }

    @Test
    void findsAHexSignatureBehindAPrefix() throws IOException {
        assertThat(scan("header X-Hub-Signature-256=sha256=" + HEX_SIG + "\n")).hasSize(1);
    }

    @Test
    void findsAHexSignatureGluedToOtherHexDigits() throws IOException {
        assertThat(scan("expected=abc" + HEX_SIG + "def\n")).hasSize(1);
    }

    @Test
    void findsABase64SignatureAfterAVersionTag() throws IOException {
        assertThat(scan("webhook-signature: v1," + B64_SIG + " v1,other\n")).hasSize(1);
    }

    @Test
    void leavesCleanLogsAlone() throws IOException {
        assertThat(scan("level=INFO event=accepted id=" + "0".repeat(64) + " source=github\n")).isEmpty();
    }

    @Test
    void findingNeverQuotesTheValue() throws IOException {
        assertThat(scan("s3cr3t-value\n").get(0).toString()).doesNotContain("s3cr3t");
    }
}
