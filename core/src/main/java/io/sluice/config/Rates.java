package io.sluice.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses rates in the config's short form: {@code 200/s}, {@code 30/m}, {@code 1000/h}. */
public final class Rates {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,6})?)\\s*/\\s*(s|m|h)");

    private Rates() {
    }

    /**
     * @param key   the config key, for the error message
     * @param value the text, such as {@code 200/s}
     * @return events per second
     * @throws ConfigException naming the key when the text is not a positive rate
     */
    public static double parse(String key, String value) {
        Matcher m = FORM.matcher(value == null ? "" : value.trim());
        if (!m.matches()) {
            throw new ConfigException(key, "'" + value + "' is not a rate (use e.g. 200/s, 30/m, 1000/h)");
        }
        double n = Double.parseDouble(m.group(1));
        if (n <= 0) {
            throw new ConfigException(key, "must be more than 0");
        }
        return switch (m.group(2)) {
            case "s" -> n;
            case "m" -> n / 60.0;
            default -> n / 3600.0;
        };
    }
}
