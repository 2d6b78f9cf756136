package io.sluice.scheme;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/providers.md holds the registry's table between {@link ProviderTable#BEGIN} and {@link ProviderTable#END}:
 * this test fails when the file and the code disagree. To rewrite the table after changing a provider:
 * {@code mvn -B test -pl core -Dtest=ProvidersDocTest -Dsluice.docs.write=true}.
 */
class ProvidersDocTest {
    private static final Path DOC = Path.of("..", "docs", "providers.md");

    @Test
    void providersDocTableMatchesTheRegistry() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int begin = doc.indexOf(ProviderTable.BEGIN);
        int end = doc.indexOf(ProviderTable.END);
        assertThat(begin).as("docs/providers.md has the begin marker").isGreaterThanOrEqualTo(0);
        assertThat(end).as("docs/providers.md has the end marker after it").isGreaterThan(begin);
        String expected = "\n" + ProviderTable.markdown(Providers.ALL);
        String actual = doc.substring(begin + ProviderTable.BEGIN.length(), end);
        if (!actual.equals(expected) && Boolean.getBoolean("sluice.docs.write")) {
            Files.writeString(DOC, doc.substring(0, begin + ProviderTable.BEGIN.length()) + expected + doc.substring(end),
                    StandardCharsets.UTF_8);
            return;
        }
        assertThat(actual).as("docs/providers.md table (rewrite with -Dsluice.docs.write=true)").isEqualTo(expected);
    }

    @Test
    void everyProviderHasADocumentedVectorOriginAndEventIdSource() {
        for (Provider p : Providers.ALL) {
            assertThat(p.vectorOrigin()).as(p.name()).isNotBlank();
            assertThat(p.eventIdSource()).as(p.name()).isNotBlank();
            assertThat(p.headers()).as(p.name()).isNotEmpty();
            assertThat(p.name()).as("scheme names are lower case, hyphenated").matches("[a-z0-9]+(-[a-z0-9]+)*");
        }
    }

    @Test
    void providerLinesStartWithTheSchemeName() {
        var lines = ProviderTable.lines(Providers.ALL);
        assertThat(lines).hasSize(Providers.ALL.size());
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i)).startsWith(Providers.ALL.get(i).name() + " ");
        }
    }
}
