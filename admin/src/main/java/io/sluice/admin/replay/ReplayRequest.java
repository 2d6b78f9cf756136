package io.sluice.admin.replay;

import java.time.Instant;
import java.util.List;

/**
 * A validated {@code POST /admin/replay} body (see {@link ReplayRequestParser}).
 *
 * @param job     the job id (generated when the body names none)
 * @param from    start of the range, inclusive (raw record timestamps)
 * @param to      end of the range, exclusive
 * @param sources source names; empty = all
 * @param types   globs on the event type ({@code *}, {@code ?}); empty = all
 * @param mode    redeliver or renormalize
 * @param topic   the output topic of {@code renormalize}; null for {@code redeliver}
 */
public record ReplayRequest(String job, Instant from, Instant to, List<String> sources, List<String> types,
                            ReplayMode mode, String topic) {
    public ReplayRequest {
        sources = List.copyOf(sources);
        types = List.copyOf(types);
    }
}
