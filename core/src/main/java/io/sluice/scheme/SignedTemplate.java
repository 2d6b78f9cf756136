package io.sluice.scheme;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The string a provider signs, written as a template: literal text and the placeholders
 * {@code {body}} (the raw bytes), {@code {timestamp}}, {@code {id}}, {@code {url}} and
 * {@code {header:Name}} (that header's value). Parsed once; {@link #parts} feeds the MAC part by
 * part, so the body is never copied.
 */
final class SignedTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(body|timestamp|id|url|header:[A-Za-z0-9-]+)}");

    /** Values of one delivery; header values by the name used in the template. */
    record Values(byte[] body, String timestamp, String id, String url, Map<String, String> headers) {
    }

    private final String text;
    private final List<Object> parts = new ArrayList<>();

    SignedTemplate(String text) {
        this.text = text;
        Matcher m = PLACEHOLDER.matcher(text);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                parts.add(Codec.utf8(text.substring(at, m.start())));
            }
            parts.add(m.group(1));
            at = m.end();
        }
        if (at < text.length()) {
            parts.add(Codec.utf8(text.substring(at)));
        }
    }

    boolean uses(String placeholder) {
        return parts.contains(placeholder);
    }

    /** Names of the headers the template reads. */
    List<String> headerNames() {
        List<String> out = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof String s && s.startsWith("header:")) {
                out.add(s.substring(7));
            }
        }
        return out;
    }

    byte[][] parts(Values v) {
        byte[][] out = new byte[parts.size()][];
        for (int i = 0; i < out.length; i++) {
            Object p = parts.get(i);
            if (p instanceof byte[] literal) {
                out[i] = literal;
            } else {
                String name = (String) p;
                out[i] = switch (name) {
                    case "body" -> v.body();
                    case "timestamp" -> Codec.utf8(orEmpty(v.timestamp()));
                    case "id" -> Codec.utf8(orEmpty(v.id()));
                    case "url" -> Codec.utf8(orEmpty(v.url()));
                    default -> Codec.utf8(orEmpty(v.headers().get(name.substring(7))));
                };
            }
        }
        return out;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    @Override
    public String toString() {
        return text;
    }
}
