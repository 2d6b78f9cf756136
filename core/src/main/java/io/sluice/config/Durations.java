package io.sluice.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints durations in the config's short form: {@code 250ms}, {@code 90s}, {@code 5m}, {@code 12h}, {@code 7d}. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * @param key   the config key, for the error message
     * @param value the text, such as {@code 5m}
     * @throws ConfigException naming the key when the text is not a duration
     */
    public static Duration parse(String key, String value) {
        if (value == null) {
            throw new ConfigException(key, "a duration is required (e.g. 90s, 5m, 12h, 7d)");
        }
        Matcher m = FORM.matcher(value.trim());
        if (!m.matches()) {
            throw new ConfigException(key, "'" + value + "' is not a duration (use e.g. 250ms, 90s, 5m, 12h, 7d)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** The shortest exact short form of a duration, e.g. {@code 7d} or {@code 90s}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000L == 0) return ms / 86_400_000L + "d";
        if (ms % 3_600_000L == 0) return ms / 3_600_000L + "h";
        if (ms % 60_000L == 0) return ms / 60_000L + "m";
        if (ms % 1_000L == 0) return ms / 1_000L + "s";
        return ms + "ms";
    }
}
