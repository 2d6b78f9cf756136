package io.sluice.config;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of one config reload.
 *
 * <p>How the admin API answers: {@link Outcome#RELOADED} and {@link Outcome#UNCHANGED} are
 * {@code 200 {"status":"reloaded"}}; {@link Outcome#INVALID} is
 * {@code 400 {"error":"invalid_config","detail":<detail>}}; {@link Outcome#FAILED} (the file is valid but
 * could not be applied, e.g. a new route's topic could not be created because Kafka is away) is
 * {@code 503 {"error":"unavailable","detail":<detail>}}. In the last two cases the running config stays.
 *
 * @param outcome      what happened
 * @param at           when
 * @param detail       for INVALID/FAILED the error message (names the key, never a secret); else a short summary
 * @param needsRestart keys whose new values were NOT applied because they cannot change live
 *                     (e.g. {@code ingress.port}); the rest of the file was applied
 */
public record ReloadResult(Outcome outcome, Instant at, String detail, List<String> needsRestart) {
    public ReloadResult {
        needsRestart = List.copyOf(needsRestart);
        detail = detail == null ? "" : detail;
    }

    /** What a reload did. */
    public enum Outcome {
        /** The new config is running. */
        RELOADED,
        /** The file's content equals the running config: nothing to do. */
        UNCHANGED,
        /** The file is not a valid config: the start-up error message is in {@code detail}. */
        INVALID,
        /** The file is valid but applying it failed: nothing changed. */
        FAILED;

        /** The name used in the {@code sluice_config_reloads_total{result}} metric and in logs. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** True when the running config is the file's (RELOADED or UNCHANGED). */
    public boolean ok() {
        return outcome == Outcome.RELOADED || outcome == Outcome.UNCHANGED;
    }
}
