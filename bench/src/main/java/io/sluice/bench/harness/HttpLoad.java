package io.sluice.bench.harness;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * HTTP load on loopback from a Vert.x client (HTTP/1.1 keep-alive, a pool of many connections).
 * Every request of a list is sent at most once, so every delivery is unique.
 *
 * <p>Two shapes: {@link #closed} keeps {@code concurrency} requests in flight (finds the saturation
 * throughput), {@link #open} sends on a fixed schedule whatever the server does and measures each
 * latency from the request's <em>intended</em> send time, so a stall of the server (or of the client)
 * shows up in the percentiles instead of silently delaying the next sends (no coordinated omission).
 */
final class HttpLoad implements AutoCloseable {
    private static final long REQUEST_TIMEOUT_MS = 30_000;

    private final Vertx vertx;
    private final HttpClientAgent client;
    private final Context[] contexts;
    private final int port;

    HttpLoad(int port, int connections, int eventLoops) {
        this.port = port;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
        this.client = vertx.httpClientBuilder()
                .with(new HttpClientOptions().setKeepAlive(true).setPipelining(false).setTcpNoDelay(true))
                .with(new PoolOptions().setHttp1MaxSize(connections).setEventLoopSize(eventLoops))
                .build();
        this.contexts = new Context[eventLoops];
        for (int i = 0; i < eventLoops; i++) {
            contexts[i] = vertx.getOrCreateContext();
        }
    }

    /** Closed model: {@code concurrency} requests in flight for {@code warmup + duration}; figures after warm-up. */
    LoadResult closed(List<Req> reqs, int concurrency, Duration warmup, Duration duration) throws InterruptedException {
        Run run = new Run(reqs, "closed");
        long start = System.nanoTime();
        run.measureFrom = start + warmup.toNanos();
        run.stopAt = run.measureFrom + duration.toNanos();
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            contexts[w % contexts.length].runOnContext(v -> run.closedNext(worker));
        }
        run.awaitDone(run.stopAt + TimeUnit.MILLISECONDS.toNanos(REQUEST_TIMEOUT_MS) + 5_000_000_000L);
        long end = Math.min(run.lastCompletion.get(), run.stopAt);
        if (run.okMeasured.get() == 0) {
            // nothing answered after the warm-up (a very slow start): the whole run is the only figure
            return run.result(0, run.ok.get() / Math.max(1e-9, (run.lastCompletion.get() - start) / 1e9));
        }
        double seconds = Math.max(1e-9, (end - run.measureFrom) / 1e9);
        return run.result(0, run.okMeasured.get() / seconds);
    }

    /**
     * Open model: {@code rate} requests per second for {@code duration} (at most the list's size),
     * each latency from its intended send time; waits at most {@code drain} for the last answers.
     */
    LoadResult open(List<Req> reqs, double rate, Duration duration, Duration drain) throws InterruptedException {
        Run run = new Run(reqs, "open");
        int n = (int) Math.min(reqs.size(), Math.round(rate * duration.toNanos() / 1e9));
        run.total = n;
        double interval = 1e9 / rate;
        long start = System.nanoTime() + 20_000_000L;
        run.measureFrom = start;
        for (int i = 0; i < n; ) {
            long now = System.nanoTime();
            long due = start + (long) (i * interval);
            if (due > now) {
                LockSupport.parkNanos(Math.min(due - now, 1_000_000L));
                continue;
            }
            // send everything already due: after a hiccup of this thread the schedule catches up
            while (i < n && start + (long) (i * interval) <= now) {
                int k = i++;
                long intended = start + (long) (k * interval);
                contexts[k % contexts.length].runOnContext(v -> run.send(k, intended));
            }
        }
        long lastIntended = start + (long) ((n - 1) * interval);
        run.sentAll();
        boolean done = run.awaitDone(lastIntended + drain.toNanos());
        long unanswered = done ? 0 : run.unanswered(lastIntended + drain.toNanos());
        long end = run.lastCompletion.get();
        double seconds = Math.max(1e-9, (end - start) / 1e9);
        return run.result(unanswered, run.ok.get() / seconds, rate);
    }

    /** One load run's counters. */
    private final class Run {
        final List<Req> reqs;
        final String mode;
        final Histogram latency = new ConcurrentHistogram(3);
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicLong ok = new AtomicLong();
        final AtomicLong okMeasured = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong lastCompletion = new AtomicLong();
        final long[] intendedOf;
        final boolean[] answered;
        final CountDownLatch done = new CountDownLatch(1);
        volatile long measureFrom;
        volatile long stopAt = Long.MAX_VALUE;
        volatile boolean allSent;
        volatile int total = -1;
        final AtomicLong completed = new AtomicLong();
        volatile String firstError;

        Run(List<Req> reqs, String mode) {
            this.reqs = reqs;
            this.mode = mode;
            this.intendedOf = new long[reqs.size()];
            this.answered = new boolean[reqs.size()];
        }

        void closedNext(int worker) {
            long now = System.nanoTime();
            int k = now >= stopAt ? reqs.size() : next.getAndIncrement();
            if (k >= reqs.size()) {
                if (inFlight.get() == 0) {
                    done.countDown();
                }
                return;
            }
            send(k, now, () -> closedNext(worker));
        }

        void send(int k, long intended) {
            send(k, intended, null);
        }

        void sentAll() {
            allSent = true;
            if (completed.get() >= total) {
                done.countDown();
            }
        }

        private void send(int k, long intended, Runnable then) {
            inFlight.incrementAndGet();
            intendedOf[k] = intended;
            Req r = reqs.get(k);
            RequestOptions ro = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                    .setURI(r.uri()).setHeaders(r.headers()).setTimeout(REQUEST_TIMEOUT_MS);
            client.request(ro)
                    .compose(req -> req.send(r.body()))
                    .compose(resp -> resp.body().map(b -> resp.statusCode() == 200 && b.toString().contains("accepted")
                            ? 200 : resp.statusCode() == 200 ? -200 : resp.statusCode()))
                    .onComplete(ar -> {
                        long now = System.nanoTime();
                        answered[k] = true;
                        lastCompletion.accumulateAndGet(now, Math::max);
                        if (ar.succeeded() && ar.result() == 200) {
                            ok.incrementAndGet();
                            if (intended >= measureFrom) {
                                okMeasured.incrementAndGet();
                                latency.recordValue(Math.max(0, now - intended));
                            }
                        } else {
                            errors.incrementAndGet();
                            if (firstError == null) {
                                firstError = ar.succeeded() ? "status " + ar.result() : ar.cause().toString();
                            }
                            if (intended >= measureFrom) {
                                latency.recordValue(Math.max(0, now - intended));
                            }
                        }
                        inFlight.decrementAndGet();
                        long c = completed.incrementAndGet();
                        if (then != null) {
                            then.run();
                        } else if (allSent && c >= total) {
                            done.countDown();
                        }
                    });
        }

        boolean awaitDone(long deadlineNanos) throws InterruptedException {
            long left = deadlineNanos - System.nanoTime();
            return done.await(Math.max(1, left), TimeUnit.NANOSECONDS);
        }

        /** Requests still unanswered at the deadline: counted as errors with their latency so far. */
        long unanswered(long deadline) {
            long missing = 0;
            for (int k = 0; k < Math.max(total, 0); k++) {
                if (!answered[k]) {
                    missing++;
                    latency.recordValue(Math.max(0, deadline - intendedOf[k]));
                }
            }
            return missing;
        }

        LoadResult result(long unanswered, double achieved) {
            return result(unanswered, achieved, 0);
        }

        LoadResult result(long unanswered, double achieved, double target) {
            return new LoadResult(mode, target, completed.get() + unanswered, ok.get(), errors.get() + unanswered,
                    achieved, latency.copy(), firstError);
        }
    }

    @Override
    public void close() {
        try {
            client.close().await(10, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // best effort at the end of a run
        }
    }
}
