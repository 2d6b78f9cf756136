package io.sluice.topics;

import io.sluice.config.SluiceConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Creates Sluice's missing topics from a background thread, retrying until Kafka answers, so that a
 * service started while Kafka is away listens at once (live, not ready; deliveries answered 503 with
 * {@code Retry-After}) instead of refusing connections until Kafka is back. Where topics are managed
 * elsewhere (Strimzi) and creation is not allowed, one warning is logged and nothing more is tried.
 * The ingress and the processor both start this way; the processor starts Kafka Streams only once
 * the topics are there (its {@code then}), since Streams gives up on a missing source topic.
 */
public final class TopicsInBackground implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicsInBackground.class);
    /** Seconds one attempt may wait for Kafka: short, so a returning broker is seen soon. */
    private static final long ATTEMPT_SECONDS = 10;
    private static final Duration PAUSE = Duration.ofSeconds(2);

    private final Thread thread;
    private volatile boolean stopped;

    private TopicsInBackground(SluiceConfig config, Runnable then) {
        this.thread = new Thread(() -> {
            if (run(config) && !stopped) {
                then.run();
            }
        }, "sluice-topics");
        this.thread.setDaemon(true);
    }

    /** Starts the attempts; the caller closes it on shutdown. */
    public static TopicsInBackground start(SluiceConfig config) {
        return start(config, () -> { });
    }

    /**
     * Starts the attempts and runs {@code then} on their thread once the topics exist, or once creating
     * them was refused (the topics are then someone else's to create); never after {@link #close()}.
     */
    public static TopicsInBackground start(SluiceConfig config, Runnable then) {
        TopicsInBackground t = new TopicsInBackground(config, then);
        t.thread.start();
        return t;
    }

    /** True when the topics exist or creating them was refused; false when stopped first. */
    private boolean run(SluiceConfig config) {
        int failures = 0;
        while (!stopped) {
            try {
                TopicProvisioner.ensure(config, ATTEMPT_SECONDS);
                if (failures > 0) {
                    LOG.info("event=topics_ready after_failed_attempts={}", failures);
                }
                return true;
            } catch (RuntimeException e) {
                failures++;
                if (!isUnreachable(e)) {
                    // e.g. no CREATE right on a managed cluster: say it once and leave the topics to their owner
                    LOG.warn("event=topic_check_failed error=\"{}\"", e.getMessage());
                    return true;
                }
                // once, then every 30th attempt (about a minute apart): Kafka being away is already visible in /health/ready
                if (failures == 1 || failures % 30 == 0) {
                    LOG.warn("event=topics_waiting_for_kafka attempts={} error=\"{}\"", failures, e.getMessage());
                }
            }
            try {
                Thread.sleep(PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Kafka away (a timeout or any error Kafka marks retriable), as opposed to a refusal such as missing rights. */
    private static boolean isUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException || t instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
