package io.sluice.scheme;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Form-encoded bodies as the providers that sign or read form parameters see them (the URL-signed
 * family, Plivo, Braintree): one parser for the signed parameters, and one reader of subject and
 * attributes, so the providers differ only in the field names they list.
 */
final class FormBody {
    /** The form content type, which signers set on the bodies they make. */
    static final String CONTENT_TYPE = "application/x-www-form-urlencoded";

    private FormBody() {
    }

    /**
     * Form fields of a body, every value of each name in body order; a malformed %-escape makes the body
     * unreadable (null), since a signature over parameters cannot be checked on a guess.
     */
    static Map<String, List<String>> parse(byte[] body) {
        Map<String, List<String>> out = new TreeMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return out;
        }
        try {
            for (String pair : text.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return out;
    }

    /** {@link #parse}, refusing a body it cannot read. */
    static Map<String, List<String>> parseOrReject(byte[] body) {
        Map<String, List<String>> params = parse(body);
        if (params == null) {
            throw new Rejection(Reason.MALFORMED_HEADER, "the form body has a malformed %-escape");
        }
        return params;
    }

    /** First value of each name (malformed escapes skipped), as {@link Payload#form()} reads any content type. */
    static Map<String, String> fields(byte[] body) {
        return Payload.parseForm(new String(body, StandardCharsets.UTF_8));
    }

    /** The first value of the first of {@code names} that has a non-empty one; null when none has. */
    static String first(Map<String, List<String>> form, String... names) {
        for (String name : names) {
            List<String> v = form.get(name);
            if (v != null && !v.isEmpty() && !v.get(0).isEmpty()) {
                return v.get(0);
            }
        }
        return null;
    }

    /**
     * Subject and attributes of a form-encoded callback: the subject is the first of {@code subjectFields}
     * present, the attributes each of {@code attributeFields} with a non-empty value; nothing when the
     * body is not form-encoded.
     */
    static EventDetails details(Payload payload, List<String> subjectFields, List<String> attributeFields) {
        Map<String, String> f = payload.form();
        Map<String, String> a = new LinkedHashMap<>();
        for (String name : attributeFields) {
            String v = f.get(name);
            if (v != null && !v.isEmpty()) {
                a.put(name, v);
            }
        }
        String subject = null;
        for (String name : subjectFields) {
            subject = f.get(name);
            if (subject != null) {
                break;
            }
        }
        return new EventDetails(subject, null, a);
    }
}
