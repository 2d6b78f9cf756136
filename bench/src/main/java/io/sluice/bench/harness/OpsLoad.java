package io.sluice.bench.harness;

import io.sluice.config.SourceConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The closed-model load of the {@code ops} stage ({@link OpsCostStage}): {@code concurrency}
 * requests in flight for a fixed time, cycling through a pool of pre-built deliveries, counting
 * every answer by status (the ingress does not dedupe, so a delivery sent twice costs it the same).
 * Its own small client so that the stage does not depend on the main HTTP stage's load shapes.
 */
final class OpsLoad implements AutoCloseable {
    private static final long TIMEOUT_MS = 30_000;

    /** One round: answers by kind, throughput of all answers, latency percentiles. */
    record Result(long accepted, long rejected, long other, double perSec, double p50Ms, double p99Ms) {
        long answered() {
            return accepted + rejected + other;
        }
    }

    private final Vertx vertx;
    private final HttpClientAgent client;
    private final int concurrency;

    OpsLoad(int concurrency) {
        this.concurrency = concurrency;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        this.client = vertx.httpClientBuilder()
                .with(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true))
                .with(new PoolOptions().setHttp1MaxSize(concurrency).setEventLoopSize(2))
                .build();
    }

    /**
     * {@code count} signed deliveries of 1 KiB, of which a share {@code bad} (exactly every
     * {@code round(1/bad)}-th, so every round has the same mix) have one body byte changed after
     * signing: the ingress refuses them with 401 {@code invalid_signature}.
     */
    static List<Req> mix(SourceConfig source, String run, int count, double bad) {
        List<Req> signed = Deliveries.signed(source, run, count, 1024);
        List<Req> out = new ArrayList<>(count);
        int every = bad <= 0 ? 0 : (int) Math.max(1, Math.round(1 / bad));
        int i = 0;
        for (Req r : signed) {
            if (every > 0 && i++ % every == every - 1) {
                byte[] body = r.body().getBytes();
                body[body.length - 3] = (byte) (body[body.length - 3] == 'x' ? 'y' : 'x'); // inside the padding
                out.add(new Req(r.uri(), r.headers(), Buffer.buffer(body)));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * Writes {@code reqs} (all of one length: a tampered body keeps its size) as a pool file for
     * {@code wrk}'s {@code deliveries.lua}.
     */
    static Wrk.Pool writePool(java.nio.file.Path file, List<Req> reqs, int size) throws IOException {
        int length = -1;
        try (java.io.OutputStream out = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(file), 1 << 20)) {
            for (Req r : reqs) {
                byte[] bytes = Wrk.serialize(r);
                if (length < 0) {
                    length = bytes.length;
                } else if (bytes.length != length) {
                    throw new IllegalStateException("pre-signed requests differ in length (" + length + " vs " + bytes.length + ")");
                }
                out.write(bytes);
            }
        }
        return new Wrk.Pool(file, size, length, reqs.size());
    }

    /** Keeps {@code concurrency} requests in flight to {@code port} for {@code duration}. */
    Result closed(int port, List<Req> reqs, Duration duration) throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong other = new AtomicLong();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger(concurrency);
        Histogram latency = new ConcurrentHistogram(3);
        CountDownLatch done = new CountDownLatch(1);
        long start = System.nanoTime();
        long stopAt = start + duration.toNanos();
        AtomicLong last = new AtomicLong(start);
        Runnable[] loop = new Runnable[1];
        loop[0] = () -> {
            long now = System.nanoTime();
            if (now >= stopAt) {
                if (inFlight.decrementAndGet() == 0) {
                    done.countDown();
                }
                return;
            }
            Req r = reqs.get(Math.floorMod(next.getAndIncrement(), reqs.size()));
            RequestOptions ro = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                    .setURI(r.uri()).setHeaders(r.headers()).setTimeout(TIMEOUT_MS);
            client.request(ro).compose(req -> req.send(r.body())).compose(resp -> resp.body().map(b -> resp.statusCode()))
                    .onComplete(ar -> {
                        long t = System.nanoTime();
                        latency.recordValue(Math.max(0, t - now));
                        if (ar.succeeded() && ar.result() == 200) {
                            ok.incrementAndGet();
                        } else if (ar.succeeded() && ar.result() == 401) {
                            refused.incrementAndGet();
                        } else {
                            other.incrementAndGet();
                        }
                        last.accumulateAndGet(t, Math::max);
                        loop[0].run();
                    });
        };
        for (int i = 0; i < concurrency; i++) {
            vertx.runOnContext(v -> loop[0].run());
        }
        done.await(duration.toMillis() + TIMEOUT_MS + 5_000, TimeUnit.MILLISECONDS);
        double seconds = Math.max(1e-9, (last.get() - start) / 1e9);
        long answered = ok.get() + refused.get() + other.get();
        return new Result(ok.get(), refused.get(), other.get(), answered / seconds,
                latency.getValueAtPercentile(50) / 1e6, latency.getValueAtPercentile(99) / 1e6);
    }

    /** The value of one Prometheus sample on the ingress's {@code /metrics}, or "absent". */
    static String metric(int port, String name) {
        try {
            for (String line : metrics(port)) {
                if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                    return line.substring(line.lastIndexOf(' ') + 1).trim();
                }
            }
            return "absent";
        } catch (IOException e) {
            return "unreadable (" + e.getClass().getSimpleName() + ")";
        }
    }

    /** The sum of every sample of {@code name} (all label sets), or "absent"/"unreadable". */
    static String metricSum(int port, String name) {
        double v = metricSumValue(port, name);
        return Double.isNaN(v) ? "absent or unreadable" : String.valueOf(v);
    }

    /** The sum of every sample of {@code name} (all label sets); NaN when absent or unreadable. */
    static double metricSumValue(int port, String name) {
        try {
            double sum = 0;
            boolean found = false;
            for (String line : metrics(port)) {
                if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
                    found = true;
                }
            }
            return found ? sum : Double.NaN;
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String[] metrics(int port) throws IOException {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.body().split("\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            client.close().await(10, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // end of the stage
        }
    }
}
