package io.sluice.config;

/**
 * Re-reads the config file of a running process and applies what may change live (sources,
 * secrets, routes, rate limits). Implemented by the live-config holder of {@code up}, {@code ingress}
 * and {@code processor}; called by the file watcher and by the admin API's {@code POST /admin/reload}.
 *
 * <p>Thread-safe: concurrent calls are serialized. An invalid file changes nothing: the running
 * config stays, and the result carries the same message start-up would print (it names the key and
 * never contains a secret).
 */
public interface ConfigReloader {
    /** Reads the file now and applies it if it is valid and differs from the running config. */
    ReloadResult reload();

    /** The outcome of the latest reload attempt (by the watcher or by {@link #reload()}), or of the start-up load. */
    ReloadResult last();
}
