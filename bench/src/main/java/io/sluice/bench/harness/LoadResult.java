package io.sluice.bench.harness;

import org.HdrHistogram.Histogram;

/**
 * The outcome of one HTTP load run.
 *
 * @param mode        {@code closed} (fixed concurrency) or {@code open} (fixed rate)
 * @param targetRate  the scheduled rate of an open run (requests/s); 0 for closed runs
 * @param sent        requests sent
 * @param ok          answered 200 with the accepted body
 * @param errors      any other answer, transport failure, or no answer within the drain time
 * @param achieved    200s per second over the run
 * @param latency     nanoseconds, from the intended send time (open) or the send time (closed)
 * @param firstError  the first failure seen, or null
 */
record LoadResult(String mode, double targetRate, long sent, long ok, long errors, double achieved,
                  Histogram latency, String firstError) {

    double p(double percentile) {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1e6;
    }

    /** An open run kept up: at least 95 % of the scheduled rate answered 200, and under 0.1 % errors. */
    boolean sustained() {
        return achieved >= 0.95 * targetRate && errors <= sent / 1000;
    }
}
