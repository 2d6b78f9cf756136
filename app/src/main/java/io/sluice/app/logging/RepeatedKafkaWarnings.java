package io.sluice.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Lets a Kafka client's repeated WARN line through once, then at most once per {@code interval}
 * (default 60 s) per logger and message pattern. While a broker is away every client logs
 * "Connection to node … could not be established" about once a second (190 lines a minute from one
 * ingress); the first line says it, {@code /health/ready} and the metrics say it goes on.
 */
public final class RepeatedKafkaWarnings extends TurboFilter {
    private static final int MAX_KEYS = 1024;
    private final ConcurrentHashMap<String, Long> lastLogged = new ConcurrentHashMap<>();
    private long intervalNanos = TimeUnit.SECONDS.toNanos(60);

    /** Logback property: seconds between two lines of the same pattern. */
    public void setIntervalSeconds(long seconds) {
        this.intervalNanos = TimeUnit.SECONDS.toNanos(seconds);
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != Level.WARN || format == null || !logger.getName().startsWith("org.apache.kafka")) {
            return FilterReply.NEUTRAL;
        }
        long now = System.nanoTime();
        String key = logger.getName() + '|' + format;
        Long last = lastLogged.get(key);
        if (last != null && now - last < intervalNanos) {
            return FilterReply.DENY;
        }
        if (lastLogged.size() >= MAX_KEYS) {
            lastLogged.clear(); // bounded: patterns are few, this only guards against formats with data in them
        }
        lastLogged.put(key, now);
        return FilterReply.NEUTRAL;
    }
}
