package io.sluice.scheme;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random inputs (fixed seed, so any failure reproduces) built from fragments the parsers care
 * about: complements the Jazzer fuzz tests, which only replay their seeds in the normal build.
 */
class VerifierRandomInputTest {
    private static final String[] FRAGMENTS = {
            "t=", "v1=", "v0=", "v1,", "v1a,", "sha256=", ",", " ", "=", ".", ":", "whsec_", "Bearer ", "msg_",
            "1763899200", "1763899200000", "-1", "999999999999999999999", "0", "abcdef0123456789", "ZZ", "==", "+/",
            "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "\u0000", "\r\n", "\u00e9", "\ud800", "%", "%zz", "&",
            "payload=", "command=", "{", "}", "[", "]", "\"", "\\", "null", "true", "1e999", "{\"id\":", "\"type\":",
    };
    private static final String[] BODIES = {
            "", "{}", "[]", "null", "{\"id\":\"evt_1\",\"type\":\"a\"}", "{\"id\":{}}", "{\"event_id\":[1]}",
            "{\"timestamp\":\"x\"}", "{\"timestamp\":1e308}", "{\"timestamp\":-5}", "{\"channel\":{\"a\":1}}",
            "token=x&command=%2Fa", "payload=%7B%22type%22%3A%22block_actions%22%7D", "payload=%7B", "[".repeat(500),
            "{\"a\":" + "9".repeat(500) + "}", "{\"update_id\":1}", "{\"event\":{\"type\":5}}",
    };

    @Test
    void randomHeadersAndBodiesNeverThrowFromAnyVerifier() {
        Random random = new Random(20261123L);
        for (int round = 0; round < 1_500; round++) {
            String kind = HostileInputs.KINDS.get(random.nextInt(HostileInputs.KINDS.size()));
            Map<String, List<String>> headers = new LinkedHashMap<>();
            int n = random.nextInt(7);
            for (int i = 0; i < n; i++) {
                String name = HostileInputs.HEADER_NAMES.get(random.nextInt(HostileInputs.HEADER_NAMES.size()));
                headers.computeIfAbsent(name, x -> new ArrayList<>()).add(text(random));
            }
            byte[] body = body(random);
            HostileInputs.verifyNeverThrows(kind, new Delivery(random.nextBoolean() ? null : text(random),
                    Headers.ofLists(headers), body));
        }
    }

    @Test
    void signedRandomBodiesWithOneGarbledHeaderNeverThrow() {
        Random random = new Random(7L);
        for (int round = 0; round < 1_500; round++) {
            String kind = HostileInputs.KINDS.get(random.nextInt(HostileInputs.KINDS.size()));
            byte[] body = body(random);
            Map<String, String> headers;
            try {
                SignRequest request = new SignRequest(body, Fixtures.NOW, random.nextBoolean() ? null : text(random), "u");
                headers = new LinkedHashMap<>(HostileInputs.SIGNERS.get(kind).sign(request));
                body = HostileInputs.SIGNERS.get(kind).signedBody(request); // Mailgun, Adyen: signed inside the body
            } catch (IllegalArgumentException unsignable) {
                continue; // e.g. a JSON timestamp rule and a body that is not JSON: nothing to verify
            }
            if (random.nextBoolean()) {
                String name = HostileInputs.HEADER_NAMES.get(random.nextInt(HostileInputs.HEADER_NAMES.size()));
                headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
                headers.put(name, text(random));
            }
            HostileInputs.verifyNeverThrows(kind, new Delivery("u", Headers.of(headers), body));
        }
    }

    private static String text(Random r) {
        StringBuilder b = new StringBuilder();
        int parts = r.nextInt(6);
        for (int i = 0; i < parts; i++) {
            b.append(FRAGMENTS[r.nextInt(FRAGMENTS.length)]);
        }
        return b.toString();
    }

    private static byte[] body(Random r) {
        switch (r.nextInt(3)) {
            case 0:
                return BODIES[r.nextInt(BODIES.length)].getBytes(StandardCharsets.UTF_8);
            case 1:
                byte[] raw = new byte[r.nextInt(64)];
                r.nextBytes(raw);
                return raw;
            default:
                return (text(r) + text(r)).getBytes(StandardCharsets.UTF_8);
        }
    }
}
