package io.sluice.app;

import io.sluice.config.SluiceConfig;
import io.sluice.config.SourceConfig;

import java.util.Map;

/** Builds shell-safe {@code curl} command lines. */
final class Curl {
    private Curl() {
    }

    /** The URL of a source on this ingress (its own path when it has one). */
    static String url(SluiceConfig config, SourceConfig source, String host) {
        String scheme = config.ingress().tls() != null ? "https" : "http";
        String path = source.path() != null ? source.path() : "/webhooks/" + source.name();
        return scheme + "://" + host + ":" + config.ingress().port() + path;
    }

    /** A {@code curl} that posts {@code data} (a literal body or {@code @file}) with the headers. */
    static String command(String url, Map<String, String> headers, String dataArgument) {
        StringBuilder b = new StringBuilder("curl -sS -X POST ").append(quote(url));
        boolean hasContentType = headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("content-type"));
        if (!hasContentType) {
            b.append(" \\\n  -H ").append(quote("Content-Type: application/json"));
        }
        headers.forEach((k, v) -> b.append(" \\\n  -H ").append(quote(k + ": " + v)));
        b.append(" \\\n  --data-binary ").append(quote(dataArgument));
        return b.toString();
    }

    /**
     * Adds {@code Content-Type: application/x-www-form-urlencoded} when the body is not JSON (Twilio,
     * Slack commands) and the signer set none; {@link #command} defaults to JSON otherwise.
     */
    static void formContentType(Map<String, String> headers, byte[] body) {
        boolean set = headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("content-type"));
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).stripLeading();
        if (!set && !text.isEmpty() && !text.startsWith("{") && !text.startsWith("[")) {
            headers.put("Content-Type", "application/x-www-form-urlencoded");
        }
    }

    /** Single-quotes for POSIX shells. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
