package io.sluice.scheme;

/**
 * How a provider's rule is proven (issue #10: the catalogue holds only providers whose rule is proven by an
 * implementation other than Sluice's own). Every descriptor names one; {@code ProviderProofTest} checks it
 * against the provider's vectors file ({@code core/src/test/resources/vectors/<scheme>.json}), and
 * docs/providers.md counts them from the registry.
 */
public enum Proof {
    /** The provider's official library signs the vectors; its verifier accepts them ({@code official_verifier}). */
    OFFICIAL_LIBRARY_SIGNS("official library signs"),
    /** The provider's official library cannot sign, but verifies the vectors ({@code official_verifier}). */
    OFFICIAL_LIBRARY_VERIFIES("official library verifies"),
    /** A vector is copied from the provider's published documentation example (a case tagged {@code proof}). */
    PUBLISHED_EXAMPLE("provider's published example"),
    /** A vector is copied from a test of the provider's own code or SDK (a case tagged {@code proof}). */
    SDK_TEST_VECTOR("SDK test vector"),
    /**
     * Not a catalogue proof: a scheme the contract (DESIGN.md "Schemes") names, whose rule is the source's own
     * {@code hmac:} block or the provider document the contract cites; its vectors are Node's crypto after that
     * document. Only those schemes may use it ({@code ProviderProofTest} lists them).
     */
    CONTRACT("named by the contract (DESIGN.md)");

    private final String label;

    Proof(String label) {
        this.label = label;
    }

    /** How docs/providers.md names this proof. */
    public String label() {
        return label;
    }

    /** The {@code proof.kind} a tagged vector case carries, for the two kinds that need one. */
    public String vectorKind() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
