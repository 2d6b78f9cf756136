package io.sluice.reliability;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends signed deliveries at a steady rate from a few threads: new events, and a share of
 * redeliveries of events sent before (re-signed like a provider's retry), spread over the providers.
 * Every attempt and its answer go to the {@link Ledger}.
 */
public final class LoadGenerator implements AutoCloseable {
    private static final int RECENT = 4096;

    private final Cluster cluster;
    private final Ledger ledger;
    private final double redeliveryShare;
    private final int threads;
    private final double ratePerSecond;
    private final long seed;
    private final Clock clock;
    private final HttpClient http;
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicLong seq = new AtomicLong();
    private final Provider.Event[] recent = new Provider.Event[RECENT];
    private final AtomicLong recentCount = new AtomicLong();
    private volatile boolean running;

    public LoadGenerator(Cluster cluster, Ledger ledger, double redeliveryShare, int threads, double ratePerSecond,
                         long seed, Clock clock) {
        this.cluster = cluster;
        this.ledger = ledger;
        this.redeliveryShare = redeliveryShare;
        this.threads = threads;
        this.ratePerSecond = ratePerSecond;
        this.seed = seed;
        this.clock = clock;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    public void start() {
        running = true;
        for (int i = 0; i < threads; i++) {
            Random rnd = new Random(seed * 31 + i);
            Thread t = new Thread(() -> loop(rnd), "load-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    private void loop(Random rnd) {
        long periodNanos = (long) (threads * 1e9 / ratePerSecond);
        long next = System.nanoTime();
        while (running) {
            long now = System.nanoTime();
            if (now < next) {
                Cluster.sleep(Math.max(1, (next - now) / 1_000_000));
                continue;
            }
            // never burst to catch up after a stall (a killed ingress): steady pressure only
            next = Math.max(next + periodNanos, now);
            sendOne(rnd);
        }
    }

    private void sendOne(Random rnd) {
        Provider.Event event = null;
        boolean redelivery = false;
        long have = recentCount.get();
        if (have > 0 && rnd.nextDouble() < redeliveryShare) {
            long idx = (long) (rnd.nextDouble() * Math.min(have, RECENT));
            synchronized (recent) {
                event = recent[(int) idx];
            }
            redelivery = event != null;
        }
        Instant now = clock.instant();
        if (event == null) {
            Provider p = Provider.values()[rnd.nextInt(Provider.values().length)];
            event = p.newEvent(seq.incrementAndGet(), rnd, now);
            synchronized (recent) {
                recent[(int) (recentCount.getAndIncrement() % RECENT)] = event;
            }
        }
        Provider provider = providerOf(event);
        Provider.Signed signed = provider.sign(event, cluster.secret(provider), now);
        ledger.sent(event, signed.signature());
        HttpRequest.Builder req = HttpRequest.newBuilder(cluster.webhookUri(event.source()))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(event.body()));
        signed.headers().forEach(req::header);
        long sent = System.nanoTime();
        int status;
        boolean retryAfter = false;
        try {
            HttpResponse<Void> resp = http.send(req.build(), HttpResponse.BodyHandlers.discarding());
            status = resp.statusCode();
            retryAfter = resp.headers().firstValue("Retry-After").isPresent();
        } catch (HttpTimeoutException e) {
            status = Ledger.TIMEOUT;
        } catch (IOException e) {
            status = Ledger.CONNECTION_ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        ledger.answered(new Ledger.Attempt(event.key(), sent, System.nanoTime(), status, retryAfter, redelivery));
    }

    static Provider providerOf(Provider.Event e) {
        for (Provider p : Provider.values()) {
            if (p.source().equals(e.source())) {
                return p;
            }
        }
        throw new IllegalArgumentException(e.source());
    }

    /** Stops sending and waits for the requests in flight to be answered. */
    @Override
    public void close() {
        running = false;
        for (Thread t : workers) {
            try {
                t.join(45_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
