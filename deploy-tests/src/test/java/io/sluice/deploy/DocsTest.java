package io.sluice.deploy;

import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/deploy.md names what the files actually contain. */
class DocsTest {
    static final String DOC = Repo.read(Repo.path("docs/deploy.md"));

    @Test
    void namesBothImagesAndEveryProviderSecretVariable() {
        assertThat(DOC).contains("sluice/ingress:", "sluice/processor:", "sluice-provider-secrets");
        assertThat(DOC).contains(Topology.PROVIDER_SECRETS);
    }

    @Test
    void everyDirectoryItAppliesExists() {
        Matcher m = Pattern.compile("kubectl (?:apply|kustomize) (?:-k |-f )?(deploy/[\\w./-]+)").matcher(DOC);
        int found = 0;
        while (m.find()) {
            found++;
            assertThat(Repo.path(m.group(1))).as(m.group(0)).exists();
        }
        assertThat(found).isGreaterThanOrEqualTo(3);
    }
}
