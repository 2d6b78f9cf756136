package io.sluice.app;

import io.sluice.config.SluiceConfig;
import io.sluice.config.SourceConfig;
import io.sluice.scheme.Schemes;
import io.sluice.scheme.SignRequest;
import io.sluice.scheme.WebhookSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code bin/sluice sign SOURCE --body FILE}: a ready {@code curl} (or the headers) for a valid delivery. */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Print a ready curl (or just the headers) that makes a valid delivery for a configured source.")
final class SignCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "SOURCE")
    String source;

    @Option(names = "--body", paramLabel = "FILE", required = true, description = "File with the exact body to send ('-' for stdin).")
    String body;

    @Option(names = "--url", paramLabel = "URL", description = "Where to send it (default: this config's ingress URL for the source).")
    String url;

    @Option(names = "--id", paramLabel = "EVENT_ID", description = "Event id for schemes that carry one in a header (default: a new one).")
    String eventId;

    @Option(names = "--headers-only", description = "Print only 'Name: value' header lines.")
    boolean headersOnly;

    @Option(names = "--private-key", paramLabel = "FILE", description = "For providers that sign with a private key "
            + "(discord, sendgrid…; the source's secrets hold the public key): the PKCS#8 key, PEM or base64, to sign with.")
    String privateKey;

    @Override
    public Integer call() throws IOException {
        SluiceConfig cfg = config.load(true);
        SourceConfig src = cfg.source(source).orElse(null);
        if (src == null) {
            System.err.println("sluice: no source named '" + source + "' (configured: "
                    + String.join(", ", cfg.sources().stream().map(SourceConfig::name).toList()) + ")");
            return 2;
        }
        byte[] bytes = "-".equals(body) ? System.in.readAllBytes() : Files.readAllBytes(Path.of(body));
        String target = url != null ? url : Curl.url(cfg, src, "localhost");
        String key = privateKey == null ? null : Files.readString(Path.of(privateKey)).trim();
        WebhookSigner signer = Schemes.signer(src, Clock.systemUTC());
        SignRequest request = new SignRequest(bytes, Instant.now(), eventId, target, null, key);
        Map<String, String> headers;
        byte[] signed;
        try {
            headers = signer.sign(request);
            // Providers that sign inside the body (Mailgun, Adyen) return it with the signature written in.
            signed = signer.signedBody(request);
        } catch (IllegalArgumentException e) {
            System.err.println("sluice: " + e.getMessage());
            return 2;
        }
        Curl.formContentType(headers, signed);
        if (headersOnly) {
            headers.forEach((k, v) -> System.out.println(k + ": " + v));
        } else {
            String data = "-".equals(body) || !java.util.Arrays.equals(signed, bytes)
                    ? new String(signed, java.nio.charset.StandardCharsets.UTF_8) : "@" + body;
            System.out.println(Curl.command(target, headers, data));
        }
        return 0;
    }
}
