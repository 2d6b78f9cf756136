package io.sluice.scheme;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The registry as text: the Markdown table of docs/providers.md (between its generated-table markers;
 * a test fails when the file drifts from the code) and the lines {@code bin/sluice providers} prints.
 */
public final class ProviderTable {
    /** Marks the start of the generated table in docs/providers.md. */
    public static final String BEGIN = "<!-- providers:begin (generated from io.sluice.scheme.Providers; do not edit) -->";
    /** Marks its end. */
    public static final String END = "<!-- providers:end -->";

    private ProviderTable() {
    }

    /** The Markdown table, header included, one row per provider in registry order. */
    public static String markdown(List<Provider> providers) {
        StringBuilder b = new StringBuilder();
        b.append("| provider | family | headers | tolerance | event id | handshake | proof | vectors |\n");
        b.append("|---|---|---|---|---|---|---|---|\n");
        for (Provider p : providers) {
            b.append("| `").append(p.name()).append("` | ").append(p.family().label()).append(" | ")
                    .append(String.join(", ", p.headers().stream().map(h -> "`" + h + "`").toList())).append(" | ")
                    .append(tolerance(p.tolerance())).append(" | ")
                    .append(cell(p.eventIdSource())).append(" | ")
                    .append(cell(p.handshake().describe().isEmpty() ? "–" : p.handshake().describe())).append(" | ")
                    .append(p.proof().label()).append(" | ")
                    .append(cell(p.vectorOrigin())).append(" |\n");
        }
        return b.append('\n').append(proofSummary(providers)).append('\n').toString();
    }

    /**
     * The sentence under the table that counts the providers by {@link Proof}, so the doc's "how many are
     * proven" is computed from the registry, never typed.
     */
    static String proofSummary(List<Provider> providers) {
        Map<Proof, Long> n = new EnumMap<>(Proof.class);
        for (Provider p : providers) {
            n.merge(p.proof(), 1L, Long::sum);
        }
        long contract = n.getOrDefault(Proof.CONTRACT, 0L);
        long signs = n.getOrDefault(Proof.OFFICIAL_LIBRARY_SIGNS, 0L);
        long verifies = n.getOrDefault(Proof.OFFICIAL_LIBRARY_VERIFIES, 0L);
        return "**" + providers.size() + " providers**; **" + (providers.size() - contract) + " proven** by an implementation "
                + "other than Sluice's: " + (signs + verifies) + " by the provider's official library (" + signs + " signs, "
                + verifies + " verifies), " + n.getOrDefault(Proof.PUBLISHED_EXAMPLE, 0L) + " by the provider's published example, "
                + n.getOrDefault(Proof.SDK_TEST_VECTOR, 0L) + " by a test vector of the provider's own code or SDK; "
                + contract + " named by the contract (DESIGN.md) with vectors after their documents only.";
    }

    /** One line per provider, starting with the scheme name (for {@code bin/sluice providers}). */
    public static List<String> lines(List<Provider> providers) {
        int width = providers.stream().mapToInt(p -> p.name().length()).max().orElse(0);
        return providers.stream().map(p -> String.format("%-" + width + "s  %-17s  tolerance %-4s  headers %s; event id: %s%s",
                p.name(), p.family().label(), tolerance(p.tolerance()), String.join(", ", p.headers()),
                p.eventIdSource(),
                p.handshake().describe().isEmpty() ? "" : "; handshake: " + p.handshake().describe())).toList();
    }

    /** {@code 300s}, {@code 5m}; {@code –} when the provider sends no timestamp. */
    static String tolerance(Duration d) {
        if (d.isZero()) {
            return "–";
        }
        long s = d.toSeconds();
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
