package io.sluice.scheme;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jazzer fuzz tests of every verifier's header, signature and body parsers. In the normal build they
 * run in regression mode: only the seeds under {@code src/test/resources/io/sluice/scheme/VerifierFuzzTestInputs}
 * (and an empty input). To fuzz for real: {@code JAZZER_FUZZ=1 mvn -pl core test -Dtest=VerifierFuzzTest}.
 */
class VerifierFuzzTest {

    /** Arbitrary header values (repeated or not) and an arbitrary body, unsigned. */
    @FuzzTest(maxDuration = "60s")
    void arbitraryHeadersAndBody(FuzzedDataProvider data) {
        String kind = data.pickValue(HostileInputs.KINDS);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int n = data.consumeInt(0, 8);
        for (int i = 0; i < n; i++) {
            String name = data.pickValue(HostileInputs.HEADER_NAMES);
            headers.computeIfAbsent(name, x -> new ArrayList<>()).add(data.consumeString(200));
        }
        String url = data.consumeBoolean() ? null : data.consumeString(100);
        byte[] body = data.consumeRemainingAsBytes();
        HostileInputs.verifyNeverThrows(kind, new Delivery(url, Headers.ofLists(headers), body));
    }

    /** Arbitrary GET or POST requests to every provider's handshake hooks: an answer or null, never an exception. */
    @FuzzTest(maxDuration = "30s")
    void arbitraryHandshakeRequests(FuzzedDataProvider data) {
        String kind = data.pickValue(HostileInputs.KINDS);
        String method = data.consumeBoolean() ? "GET" : "POST";
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int n = data.consumeInt(0, 6);
        for (int i = 0; i < n; i++) {
            String name = data.pickValue(HostileInputs.HEADER_NAMES);
            headers.computeIfAbsent(name, x -> new ArrayList<>()).add(data.consumeString(200));
        }
        if (data.consumeBoolean()) {
            headers.put("X-Type", List.of(data.pickValue(List.of("url_verification", "endpoint.url_validation",
                    "webhook_callback_verification", data.consumeString(40)))));
        }
        String url = "https://sluice.example/webhooks/src" + (data.consumeBoolean() ? "?" + data.consumeString(200) : "");
        HostileInputs.handshakeNeverThrows(kind, method, new Delivery(url, Headers.ofLists(headers), data.consumeRemainingAsBytes()));
    }

    /**
     * A correctly signed delivery of an arbitrary body, with one header then maybe replaced: reaches the
     * code behind the signature check (JSON reads, id and type rules, tolerance).
     */
    @FuzzTest(maxDuration = "60s")
    void signedDeliveryWithArbitraryBody(FuzzedDataProvider data) {
        String kind = data.pickValue(HostileInputs.KINDS);
        String tamperName = data.consumeBoolean() ? data.pickValue(HostileInputs.HEADER_NAMES) : null;
        String tamperValue = data.consumeString(200);
        String eventId = data.consumeBoolean() ? data.consumeString(64) : null;
        byte[] body = data.consumeRemainingAsBytes();
        Map<String, String> headers;
        try {
            SignRequest request = new SignRequest(body, Fixtures.NOW, eventId, "https://sluice.example/webhooks/src");
            headers = new LinkedHashMap<>(HostileInputs.SIGNERS.get(kind).sign(request));
            body = HostileInputs.SIGNERS.get(kind).signedBody(request); // Mailgun, Adyen: signed inside the body
        } catch (IllegalArgumentException unsignable) {
            return; // e.g. a JSON timestamp rule and a body that is not JSON: nothing to verify
        }
        if (tamperName != null) {
            headers.keySet().removeIf(k -> k.equalsIgnoreCase(tamperName));
            headers.put(tamperName, tamperValue);
        }
        HostileInputs.verifyNeverThrows(kind,
                new Delivery("https://sluice.example/webhooks/src", Headers.of(headers), body));
    }
}
