package io.sluice.ingress;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Probes Kafka with {@code describeCluster} on its own thread every {@code interval}; ready while the
 * last probe answered within {@code timeout}. Never touches an event loop.
 */
final class KafkaReadiness implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaReadiness.class);

    private final Admin admin;
    private final Duration interval;
    private final Duration timeout;
    private final ScheduledExecutorService probe;
    private volatile boolean ready;

    KafkaReadiness(Map<String, Object> commonProps, Duration interval, Duration timeout) {
        Map<String, Object> p = new HashMap<>(commonProps);
        int ms = (int) Math.max(100, timeout.toMillis());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "sluice-ingress-readiness");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        this.admin = Admin.create(p);
        this.interval = interval;
        this.timeout = timeout;
        this.probe = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-ingress-readiness");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        probe.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean ready() {
        return ready;
    }

    private void check() {
        boolean now;
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .clusterId().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            now = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            now = false;
        }
        if (now != ready) {
            LOG.info("event=kafka_{}", now ? "reachable" : "unreachable");
        }
        ready = now;
    }

    @Override
    public void close() {
        probe.shutdownNow();
        ready = false;
        admin.close(Duration.ZERO); // a pending probe is worthless now: do not wait for it
    }
}
