package io.sluice.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} (environment variable; a missing one is an error naming it and the key),
 * {@code ${NAME:-default}} (fallback) and {@code ${file:PATH}} (the file's content without trailing
 * line breaks: a Kubernetes Secret mounted as a volume, which, unlike an environment variable, changes
 * in a running pod) in the string values of a parsed YAML tree. Working on the parsed tree means a
 * substituted value can never change the file's structure.
 */
final class Substitution {
    private static final Pattern REF = Pattern.compile(
            "\\$\\{(?:file:([^}]+)|([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?)}");

    private final Map<String, String> env;

    Substitution(Map<String, String> env) {
        this.env = env;
    }

    /** Substitutes in place. */
    void apply(JsonNode tree) {
        walk("", tree);
    }

    /** The files a config text refers to with {@code ${file:PATH}}: the reload watcher hashes them too. */
    static Set<Path> referencedFiles(String text) {
        Set<Path> out = new LinkedHashSet<>();
        Matcher m = REF.matcher(text);
        while (m.find()) {
            if (m.group(1) != null) {
                out.add(Path.of(m.group(1).trim()));
            }
        }
        return out;
    }

    private void walk(String path, JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (e.getValue().isTextual()) {
                    e.setValue(TextNode.valueOf(substitute(key, e.getValue().asText())));
                } else {
                    walk(key, e.getValue());
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                String key = path + "[" + i + "]";
                if (a.get(i).isTextual()) {
                    a.set(i, TextNode.valueOf(substitute(key, a.get(i).asText())));
                } else {
                    walk(key, a.get(i));
                }
            }
        }
    }

    private String substitute(String key, String value) {
        Matcher m = REF.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = m.group(1) != null ? file(key, m.group(1).trim()) : variable(key, m.group(2), m.group(3));
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String variable(String key, String name, String fallback) {
        String v = env.get(name);
        if (v == null) {
            v = fallback;
        }
        if (v == null) {
            throw new ConfigException(key, "environment variable " + name + " is not set");
        }
        return v;
    }

    private static String file(String key, String path) {
        try {
            String content = Files.readString(Path.of(path));
            int end = content.length();
            while (end > 0 && (content.charAt(end - 1) == '\n' || content.charAt(end - 1) == '\r')) {
                end--;
            }
            return content.substring(0, end);
        } catch (IOException | RuntimeException e) {
            // the exception's class only: its message could quote the file
            throw new ConfigException(key, "cannot read file " + path + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
