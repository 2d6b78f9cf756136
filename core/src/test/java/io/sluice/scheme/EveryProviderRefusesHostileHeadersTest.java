package io.sluice.scheme;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile corpus, applied to every registered provider (so each new header parser is covered): a
 * valid delivery of its sample body, then each header it declares missing, garbled, oversized, repeated,
 * in a wrong encoding or with several signatures, and an empty body. Every answer is a verification
 * (never an exception, never a verifier fault); refusals are the contract's 400/401 codes; a delivery
 * without its signature header is always refused.
 */
class EveryProviderRefusesHostileHeadersTest {
    private static final String URL = "https://sluice.example/webhooks/src";

    @TestFactory
    Stream<DynamicTest> everyDeclaredHeaderIsRefusedCleanlyWhenHostile() {
        return HostileInputs.KINDS.stream().map(kind -> DynamicTest.dynamicTest(kind, () -> check(kind)));
    }

    private static void check(String kind) {
        Provider p = Providers.get(kind);
        byte[] body = p.sampleBody(Fixtures.NOW).getBytes(StandardCharsets.UTF_8);
        WebhookSigner signer = HostileInputs.SIGNERS.get(kind);
        Map<String, String> valid;
        try {
            SignRequest r = new SignRequest(body, Fixtures.NOW, "evt-1", URL, "t.type");
            valid = signer.sign(r);
            body = signer.signedBody(r); // providers that sign inside the body (Mailgun, Adyen)
        } catch (IllegalArgumentException unsignable) {
            valid = null;
        }
        if (valid == null || !(HostileInputs.verifyNeverThrows(kind, new Delivery(URL, Headers.of(valid), body)) instanceof Verification.Verified)) {
            // a test source whose signed content reads the body (hyponema's JSON /ts): a body that has it
            SignRequest r = new SignRequest(fallbackBody(), Fixtures.NOW, "evt-1", URL, "t.type");
            valid = signer.sign(r);
            body = signer.signedBody(r);
        }
        Verification ok = HostileInputs.verifyNeverThrows(kind, new Delivery(URL, Headers.of(valid), body));
        assertThat(ok).as(kind + ": its own sample delivery verifies").isInstanceOf(Verification.Verified.class);

        Map<String, String> signed = valid;
        // the signature header; none for providers that sign inside the body (Mailgun, Adyen)
        String signature = p.secretHeaders(HostileInputs.SOURCES.get(kind)).stream()
                .flatMap(s -> signed.keySet().stream().filter(s::equalsIgnoreCase)).findFirst().orElse(null);
        if (signature != null) {
            refused(kind, "without " + signature, without(valid, signature), body);
        }

        List<String> names = new ArrayList<>(valid.keySet());
        for (String h : names) {
            String v = valid.get(h);
            answered(kind, h + " garbled", with(valid, h, List.of("%%%\u0000" + v + "\u00ff")), body);
            answered(kind, h + " oversized", with(valid, h, List.of("a".repeat(100_000))), body);
            answered(kind, h + " empty", with(valid, h, List.of("")), body);
            answered(kind, h + " with several values in one header", with(valid, h, List.of(v + "," + v + " " + v)), body);
            answered(kind, h + " hex/base64 swapped", with(valid, h, List.of(swapEncoding(v))), body);
            Verification twice = answered(kind, h + " repeated", with(valid, h, List.of(v, v)), body);
            if (h.equalsIgnoreCase(signature)) {
                assertThat(twice).as(kind + ": " + h + " on two lines is ambiguous").isInstanceOf(Verification.Rejected.class);
            }
        }
        answered(kind, "empty body", lists(valid), new byte[0]);
        answered(kind, "no headers, empty body", Map.of(), new byte[0]);
    }

    private static byte[] fallbackBody() {
        return ("{\"id\":\"evt_1\",\"event_id\":\"e1\",\"type\":\"t\",\"ts\":" + Fixtures.NOW.getEpochSecond()
                + ",\"timestamp\":" + Fixtures.NOW.getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static void refused(String kind, String what, Map<String, List<String>> headers, byte[] body) {
        Verification v = answered(kind, what, headers, body);
        assertThat(v).as(kind + ": " + what).isInstanceOf(Verification.Rejected.class);
    }

    private static Verification answered(String kind, String what, Map<String, List<String>> headers, byte[] body) {
        Verification v = HostileInputs.verifyNeverThrows(kind, new Delivery(URL, Headers.ofLists(headers), body));
        if (v instanceof Verification.Rejected r) {
            assertThat(r.fault()).as(kind + ": " + what + " is a refusal, not a verifier that threw").isNull();
            assertThat(r.reason().status()).as(kind + ": " + what).isIn(400, 401);
        }
        return v;
    }

    private static String swapEncoding(String v) {
        byte[] hex = Codec.hex(v);
        if (hex != null) {
            return Codec.base64(hex);
        }
        byte[] b64 = Codec.base64(v);
        return b64 != null ? Codec.hex(b64) : v + "==";
    }

    private static Map<String, List<String>> lists(Map<String, String> h) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        h.forEach((k, v) -> out.put(k, List.of(v)));
        return out;
    }

    private static Map<String, List<String>> without(Map<String, String> h, String name) {
        Map<String, List<String>> out = lists(h);
        out.keySet().removeIf(k -> k.equalsIgnoreCase(name));
        return out;
    }

    private static Map<String, List<String>> with(Map<String, String> h, String name, List<String> values) {
        Map<String, List<String>> out = without(h, name);
        out.put(name, values);
        return out;
    }
}
