package io.sluice.bench.harness;

import io.sluice.config.SourceConfig;
import io.sluice.scheme.Schemes;
import io.sluice.scheme.SignRequest;
import io.sluice.scheme.WebhookSigner;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Makes unique, correctly signed deliveries for one configured source (the {@code hyperspell}
 * preset: HMAC-SHA256 of the body, timestamp and event type in the body, id = SHA-256 of the body).
 * Signing goes through {@link Schemes#signer}, the same code {@code bin/sluice sign} uses.
 */
final class Deliveries {
    private Deliveries() {
    }

    /**
     * A JSON body of exactly {@code size} bytes, unique per {@code (run, seq)}.
     *
     * @param type the event type ({@code /event})
     */
    static byte[] body(String run, long seq, int size, String type, long epochSecond) {
        String head = "{\"event\":\"" + type + "\",\"app\":\"bench\",\"user_id\":\"user-" + (seq % 1000)
                + "\",\"resource_id\":\"" + run + "-" + seq + "\",\"timestamp\":" + epochSecond + ",\"pad\":\"";
        String tail = "\"}";
        int pad = size - head.length() - tail.length();
        if (pad < 0) {
            throw new IllegalArgumentException("body size " + size + " is too small");
        }
        byte[] out = new byte[size];
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(h, 0, out, 0, h.length);
        Arrays.fill(out, h.length, h.length + pad, (byte) 'x');
        byte[] t = tail.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, out, h.length + pad, t.length);
        return out;
    }

    /** {@code count} signed deliveries to {@code POST /webhooks/<source>}, timestamped now. */
    static List<Req> signed(SourceConfig source, String run, int count, int size) {
        WebhookSigner signer = Schemes.signer(source, Clock.systemUTC());
        String uri = "/webhooks/" + source.name();
        Instant now = Instant.now();
        List<Req> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] body = body(run, i, size, i % 2 == 0 ? "index-completed" : "user.updated", now.getEpochSecond());
            Map<String, String> signed = signer.sign(new SignRequest(body, now, null, "http://127.0.0.1" + uri));
            MultiMap headers = HttpHeaders.headers();
            headers.add("Content-Type", "application/json");
            signed.forEach(headers::add);
            out.add(new Req(uri, headers, Buffer.buffer(body)));
        }
        return out;
    }
}
