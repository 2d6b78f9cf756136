package io.sluice.scheme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #10: the registry holds only providers whose rule is proven by an implementation other than Sluice's.
 * Each descriptor names its {@link Proof}; this test holds the claim to the provider's vectors file, so a
 * provider whose vectors are only Sluice's (or Node crypto's) reading of a page fails here.
 */
class ProviderProofTest {
    /**
     * The schemes DESIGN.md "Schemes" names whose rule no outside implementation proves: the configured
     * ({@code hmac}, {@code hyponema}) and the presets whose vectors follow the cited provider documents. No
     * catalogue provider may join this list: it needs a proof instead.
     */
    private static final Set<String> CONTRACT = Set.of("hyperspell", "hume", "hyponema", "aihummer-inbound",
            "aihummer-trigger", "hmac");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> everyRegisteredProviderShipsTheVectorItsProofClaims() {
        return Providers.ALL.stream().map(p -> DynamicTest.dynamicTest(p.name() + ": " + p.proof().label(), () -> check(p)));
    }

    @Test
    void theContractListNamesRegisteredSchemesOnly() {
        for (String name : CONTRACT) {
            assertThat(Providers.find(name)).as(name + " is registered").isPresent();
        }
    }

    private static void check(Provider p) {
        Proof proof = p.proof();
        String what = p.name() + " (" + proof.label() + ")";
        List<JsonNode> cases = cases(p.name());
        switch (proof) {
            case OFFICIAL_LIBRARY_SIGNS, OFFICIAL_LIBRARY_VERIFIES -> assertThat(cases)
                    .as(what + ": a case Sluice accepts and the provider's official verifier accepted")
                    .anyMatch(c -> accepted(c) && c.path("official_verifier").path("result").asText().equals("accepted")
                            && !c.path("official_verifier").path("by").asText().isBlank());
            case PUBLISHED_EXAMPLE, SDK_TEST_VECTOR -> assertThat(cases)
                    .as(what + ": a case Sluice accepts tagged proof.kind = " + proof.vectorKind() + ", with its source")
                    .anyMatch(c -> accepted(c) && c.path("proof").path("kind").asText().equals(proof.vectorKind())
                            && !c.path("proof").path("source").asText().isBlank()
                            && !c.path("proof").path("proves").asText().isBlank());
            case CONTRACT -> assertThat(CONTRACT).as(what + ": only the contract's own schemes may go without a proof")
                    .contains(p.name());
        }
    }

    /** Sluice's expected outcome is an acceptance: a verified delivery or an answered handshake. */
    private static boolean accepted(JsonNode c) {
        String expected = c.path("expected").asText();
        return expected.equals("verified") || expected.equals("handshake");
    }

    private static List<JsonNode> cases(String scheme) {
        String resource = "/vectors/" + scheme + ".json";
        try (InputStream in = ProviderProofTest.class.getResourceAsStream(resource)) {
            assertThat(in).as("test resource " + resource).isNotNull();
            List<JsonNode> out = new ArrayList<>();
            MAPPER.readTree(in).forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot read " + resource, e);
        }
    }
}
