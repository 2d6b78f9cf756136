package io.sluice.admin.replay;

import io.sluice.processor.RawHeaders;
import io.sluice.processor.RouteMatcher;
import org.apache.kafka.common.header.Headers;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which raw records a job replays: record timestamp in {@code [from, to)}, {@code sluice.source} among
 * the sources (none = all), {@code sluice.event-type} matching one of the type globs (none = all; the
 * same glob rules as routes). Pure: headers and a timestamp in, a yes or no out.
 */
public final class ReplayFilter {
    private final long fromMs;
    private final long toMs;
    private final Set<String> sources;
    private final List<Pattern> types;

    public ReplayFilter(long fromMs, long toMs, List<String> sources, List<String> types) {
        this.fromMs = fromMs;
        this.toMs = toMs;
        this.sources = Set.copyOf(sources);
        this.types = types.stream().map(RouteMatcher::glob).toList();
    }

    static ReplayFilter of(JobState job) {
        return new ReplayFilter(job.from(), job.to(), job.sources(), job.types());
    }

    /** True when the raw record at {@code timestamp} with these headers belongs to the job. */
    public boolean matches(long timestamp, Headers headers) {
        // offsetsForTimes bounds the scan, but record timestamps need not be monotonic within a partition
        if (timestamp < fromMs || timestamp >= toMs) {
            return false;
        }
        if (!sources.isEmpty()) {
            String source = RawHeaders.text(headers, RawHeaders.SOURCE);
            if (source == null || !sources.contains(source)) {
                return false;
            }
        }
        if (types.isEmpty()) {
            return true;
        }
        String type = RawHeaders.text(headers, RawHeaders.EVENT_TYPE);
        return type != null && types.stream().anyMatch(p -> p.matcher(type).matches());
    }
}
