package io.sluice.ingress;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.testkit.KafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** With ingress.tls set the ingress serves HTTPS from PEM files (self-signed certificate made by keytool). */
class TlsIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static Path dir;
    private static Certificate cert;
    private static Ingress ingress;
    private static PrometheusMeterRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        KAFKA.createTopics(TestConfigs.RAW);
        dir = Files.createTempDirectory("sluice-tls-");
        Path p12 = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", p12.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASSWORD);
        }
        cert = ks.getCertificate("server");
        Path certPem = dir.resolve("cert.pem");
        Path keyPem = dir.resolve("key.pem");
        Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(keyPem, pem("PRIVATE KEY", ks.getKey("server", PASSWORD).getEncoded()));
        String tls = "  tls:\n    cert: " + certPem + "\n    key: " + keyPem;
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ingress = Ingress.start(TestConfigs.config(KAFKA.bootstrapServers(), "5s", tls), Clock.systemUTC(), registry,
                IngressLimits.defaults(), (s, c) -> new StubVerifier());
    }

    @AfterAll
    static void stop() throws Exception {
        if (ingress != null) {
            ingress.close();
        }
        registry.close();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static HttpClient trustingClient() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void deliveryOverHttpsIsAccepted() throws Exception {
        HttpResponse<String> res = trustingClient().send(HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + ingress.port() + "/webhooks/github"))
                .header("X-Test-Signature", "ok").header("X-Test-Id", "tls-1")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo("{\"status\":\"accepted\",\"id\":\"tls-1\"}");
    }

    @Test
    void plainHttpOnTheTlsPortGetsNoAnswer() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ingress.port() + "/health/live")).timeout(Duration.ofSeconds(5))
                .GET().build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
    }
}
