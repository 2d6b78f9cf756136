package io.sluice.examples.consumer;

import io.sluice.consumer.SluiceConsumers;
import io.sluice.schemas.WebhookEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * A downstream service written against the consumer kit only: subscribes to a Sluice route's topic
 * (Avro or JSON route, any released schema) and hands each event to a handler.
 *
 * <p>At-least-once: offsets are committed after the handler returned for the whole batch, so a crash
 * re-delivers the uncommitted batch. Handlers are idempotent on {@code source + id} (the Kafka key).
 *
 * <pre>java -cp … io.sluice.examples.consumer.EventService 127.0.0.1:9092 hyperspell.index my-service</pre>
 */
public final class EventService implements Runnable, AutoCloseable {
    private final KafkaConsumer<String, WebhookEvent> consumer;
    private final List<String> topics;
    private final Consumer<WebhookEvent> handler;

    public EventService(Properties consumerProperties, List<String> topics, Consumer<WebhookEvent> handler) {
        this.consumer = new KafkaConsumer<>(consumerProperties);
        this.topics = List.copyOf(topics);
        this.handler = handler;
    }

    /** Polls until {@link #close()} is called from another thread. */
    @Override
    public void run() {
        try {
            consumer.subscribe(topics);
            while (true) {
                for (ConsumerRecord<String, WebhookEvent> r : consumer.poll(Duration.ofMillis(500))) {
                    handler.accept(r.value());
                }
                consumer.commitSync();
            }
        } catch (WakeupException e) {
            // close() was called: leave the loop
        } finally {
            consumer.close();
        }
    }

    /** Stops the poll loop (thread-safe); the loop's thread closes the consumer. */
    @Override
    public void close() {
        consumer.wakeup();
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: EventService BOOTSTRAP_SERVERS TOPIC GROUP_ID");
            System.exit(2);
        }
        EventService service = new EventService(SluiceConsumers.consumerProperties(args[0], args[2]),
                List.of(args[1]), e -> System.out.printf("%s %s %s subject=%s attributes=%s%n",
                        e.getSource(), e.getType(), e.getId(), e.getSubject(), e.getAttributes()));
        Runtime.getRuntime().addShutdownHook(new Thread(service::close));
        service.run();
    }
}
