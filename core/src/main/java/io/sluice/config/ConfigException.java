package io.sluice.config;

/**
 * A configuration problem found at start-up (or on a reload). The message always names the offending
 * key (for example {@code sources[1].hmac.algorithm}) so a user can fix the file without guessing.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String key;
    private final String problem;

    public ConfigException(String key, String problem) {
        super(key == null || key.isEmpty() ? problem : key + ": " + problem);
        this.key = key;
        this.problem = problem;
    }

    /** The dotted path of the offending key, or an empty string for file-level problems. */
    public String key() {
        return key == null ? "" : key;
    }

    /** The message without the key. */
    public String problem() {
        return problem;
    }
}
