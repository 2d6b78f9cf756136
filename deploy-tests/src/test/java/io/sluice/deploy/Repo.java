package io.sluice.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Files of the repository under test: root, version, YAML documents. */
final class Repo {
    static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern VERSION = Pattern.compile("<artifactId>sluice-parent</artifactId>\\s*<version>([^<]+)</version>");

    private Repo() {
    }

    /** The repository root: the surefire property, else the nearest parent holding deploy/. */
    static Path root() {
        String prop = System.getProperty("sluice.root");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("deploy"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root (no deploy/ above the working directory)");
        }
        return p;
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    /** The project version the build gives the images (sluice/ingress:VERSION). */
    static String version() {
        String prop = System.getProperty("sluice.version");
        if (prop != null && !prop.isBlank()) {
            return prop;
        }
        Matcher m = VERSION.matcher(read(path("pom.xml")));
        if (!m.find()) {
            throw new IllegalStateException("no version in pom.xml");
        }
        return m.group(1);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every non-empty document of a (multi-document) YAML file. */
    static List<JsonNode> documents(Path file) {
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && !doc.isEmpty()) {
                    out.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
        return out;
    }

    /** The one document of a YAML file. */
    static JsonNode document(Path file) {
        List<JsonNode> docs = documents(file);
        if (docs.size() != 1) {
            throw new IllegalStateException(file + " holds " + docs.size() + " documents, expected 1");
        }
        return docs.get(0);
    }

    /** {@code file} relative to the root, with forward slashes, for messages. */
    static String rel(Path file) {
        return root().relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }
}
