package io.sluice.examples.streams;

import io.sluice.consumer.SluiceConsumers;
import io.sluice.schemas.WebhookEvent;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Produced;

import java.util.Properties;

/**
 * A Kafka Streams service written against the consumer kit only: counts a route's events per
 * {@code app} attribute (events without one count as {@code "-"}) and writes the running counts to
 * an output topic (key = app, value = count as a long).
 *
 * <pre>java -cp … io.sluice.examples.streams.EventCountsApp 127.0.0.1:9092 hyperspell.index app-counts</pre>
 */
public final class EventCountsApp {
    private EventCountsApp() {
    }

    /** The topology: input route topic in (String key, {@link WebhookEvent} value), counts out. */
    public static Topology topology(String inputTopic, String outputTopic) {
        StreamsBuilder b = new StreamsBuilder();
        b.stream(inputTopic, Consumed.with(Serdes.String(), SluiceConsumers.serde()))
                .groupBy((key, event) -> event.getAttributes().getOrDefault("app", "-"),
                        Grouped.with(Serdes.String(), SluiceConsumers.serde()))
                .count()
                .toStream()
                .to(outputTopic, Produced.with(Serdes.String(), Serdes.Long()));
        return b.build();
    }

    /** Streams settings: exactly-once (like Sluice's processor) and read_committed input. */
    public static Properties properties(String bootstrapServers, String applicationId) {
        Properties p = new Properties();
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        return p;
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: EventCountsApp BOOTSTRAP_SERVERS INPUT_TOPIC OUTPUT_TOPIC");
            System.exit(2);
        }
        KafkaStreams streams = new KafkaStreams(topology(args[1], args[2]), properties(args[0], "sluice-event-counts"));
        Runtime.getRuntime().addShutdownHook(new Thread(streams::close));
        streams.start();
    }
}
