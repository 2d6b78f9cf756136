package io.sluice.schemas;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every schema in src/main/avro must be backward- and forward-compatible with its latest released
 * copy under src/test/resources/released/&lt;version&gt;/, and every release with the one before it.
 */
class SchemaCompatibilityTest {
    private static final Path CURRENT = Path.of("src/main/avro");
    private static final Path RELEASED = Path.of("src/test/resources/released");

    @Test
    void everyCurrentSchemaIsCompatibleWithItsLatestRelease() throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> current = avscFiles(CURRENT);
        assertThat(current).isNotEmpty();
        for (Path file : current) {
            String name = file.getFileName().toString();
            List<Path> releases = releasesOf(name);
            assertThat(releases).as("%s has no released copy under %s", name, RELEASED).isNotEmpty();
            Path latest = releases.get(releases.size() - 1);
            check(parse(latest), parse(file), latest + " -> " + file, problems);
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyReleaseIsCompatibleWithThePreviousRelease() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path file : avscFiles(CURRENT)) {
            List<Path> releases = releasesOf(file.getFileName().toString());
            for (int i = 1; i < releases.size(); i++) {
                check(parse(releases.get(i - 1)), parse(releases.get(i)),
                        releases.get(i - 1) + " -> " + releases.get(i), problems);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyReleaseIsBundledForTheDecoder() throws IOException {
        List<String> bundled = new ArrayList<>();
        for (Path version : versions()) {
            for (Path f : avscFiles(version)) {
                bundled.add("/avro/released/" + version.getFileName() + "/" + f.getFileName());
            }
        }
        assertThat(SingleObjectCodec.RELEASED_SCHEMAS).containsExactlyInAnyOrderElementsOf(bundled);
    }

    @Test
    void checkRejectsANewFieldWithoutDefault() throws IOException {
        Schema old = parse(CURRENT.resolve("WebhookEvent.avsc"));
        String json = Files.readString(CURRENT.resolve("WebhookEvent.avsc"))
                .replace("\"fields\": [", "\"fields\": [{\"name\": \"tenant\", \"type\": \"string\"},");
        Schema next = new Schema.Parser().parse(json);
        List<String> problems = new ArrayList<>();
        check(old, next, "old -> new", problems);
        assertThat(problems).singleElement().asString().contains("backward");
    }

    /** Backward: the new schema reads old data. Forward: the old schema reads new data. */
    private static void check(Schema older, Schema newer, String what, List<String> problems) {
        var backward = SchemaCompatibility.checkReaderWriterCompatibility(newer, older);
        if (backward.getType() != SchemaCompatibilityType.COMPATIBLE) {
            problems.add(what + " not backward compatible: " + backward.getResult().getIncompatibilities());
        }
        var forward = SchemaCompatibility.checkReaderWriterCompatibility(older, newer);
        if (forward.getType() != SchemaCompatibilityType.COMPATIBLE) {
            problems.add(what + " not forward compatible: " + forward.getResult().getIncompatibilities());
        }
    }

    private static List<Path> releasesOf(String name) throws IOException {
        return versions().stream().map(v -> v.resolve(name)).filter(Files::isRegularFile).toList();
    }

    /** Release directories, oldest first (dotted numeric order, so 0.10.0 comes after 0.9.0). */
    private static List<Path> versions() throws IOException {
        try (Stream<Path> s = Files.list(RELEASED)) {
            return s.filter(Files::isDirectory).sorted(Comparator.comparing(p -> p.getFileName().toString(),
                    SchemaCompatibilityTest::compareVersions)).toList();
        }
    }

    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? Long.parseLong(x[i].replaceAll("\\D.*", "0")) : 0;
            long q = i < y.length ? Long.parseLong(y[i].replaceAll("\\D.*", "0")) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return a.compareTo(b);
    }

    private static List<Path> avscFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
        }
    }

    private static Schema parse(Path p) throws IOException {
        return new Schema.Parser().parse(Files.readString(p));
    }
}
