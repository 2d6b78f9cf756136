package io.sluice.processor;

import io.sluice.config.SluiceConfig;
import io.sluice.processor.index.EventIndex;
import io.sluice.processor.index.Resolver;
import io.sluice.processor.index.Timeline;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event index of the topology: the dedupe store's entries (deliveries, dropped copies, the
 * normalize step's outputs or dead-letter reason), read as the admin API reads them, with the outputs'
 * positions found among the records the topology wrote.
 */
class EventIndexTopologyTest {
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    static final String HYPERSPELL = """
            {"event":"index-completed","app":"acme","user_id":"u-1","source":"notion","resource_id":"page-9","timestamp":1763892000}""";

    @TempDir
    Path stateDir;
    SluiceConfig config;
    TopologyTestDriver driver;
    TestInputTopic<byte[], byte[]> raw;
    EventIndex index;
    /** Every output record per topic, in order (the test driver's stand-in for the committed topics). */
    final Map<String, List<TestRecord<byte[], byte[]>>> written = new HashMap<>();

    @BeforeEach
    void start() {
        config = TestConfigs.config("unused:9092", "index-test", stateDir);
        startDriver(true);
    }

    void startDriver(boolean indexOn) {
        ProcessorMetrics metrics = ProcessorMetrics.inMemory();
        driver = new TopologyTestDriver(SluiceTopology.build(config, metrics, new EventOutputs(config), indexOn),
                StreamsProperties.of(config, metrics), T0);
        raw = driver.createInputTopic(config.topics().raw(), new ByteArraySerializer(), new ByteArraySerializer());
        WindowStore<byte[], byte[]> store = driver.getWindowStore(EventIndex.STORE);
        index = new EventIndex(() -> store, this::find, config.topics().deadLetter());
    }

    /** Like {@link io.sluice.processor.index.OffsetResolver}: the record with the key and event id, from the timestamp on. */
    Optional<Resolver.Position> find(String topic, byte[] key, String id, long timestamp) {
        List<TestRecord<byte[], byte[]>> records = written.computeIfAbsent(topic, t -> new ArrayList<>());
        records.addAll(driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .readRecordsToList());
        for (int i = 0; i < records.size(); i++) {
            TestRecord<byte[], byte[]> r = records.get(i);
            if (java.util.Arrays.equals(r.key(), key) && r.timestamp() >= timestamp
                    && (id.equals(header(r.headers(), CloudEventHeaders.ID)) || id.equals(header(r.headers(), RawHeaders.EVENT_ID)))) {
                return Optional.of(new Resolver.Position(0, i, null));
            }
        }
        return Optional.empty();
    }

    static String header(Headers h, String name) {
        return RawHeaders.text(h, name);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    static Headers headers(String source, String id, String type, Instant receivedAt, String attempt) {
        RecordHeaders h = new RecordHeaders();
        h.add(RawHeaders.SOURCE, bytes(source));
        h.add(RawHeaders.EVENT_ID, bytes(id));
        if (type != null) {
            h.add(RawHeaders.EVENT_TYPE, bytes(type));
        }
        h.add(RawHeaders.RECEIVED_AT, bytes(String.valueOf(receivedAt.toEpochMilli())));
        if (attempt != null) {
            h.add(RawHeaders.DELIVERY_ATTEMPT, bytes(attempt));
        }
        h.add(RawHeaders.CONTENT_TYPE, bytes("application/json"));
        return h;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    void send(String source, String id, String type, String body, Instant at, String attempt) {
        raw.pipeInput(new TestRecord<>(bytes(source + ":" + id), bytes(body), headers(source, id, type, at, attempt), at));
    }

    Timeline lookup(String source, String id) {
        return index.timeline(source, id).orElseThrow();
    }

    @Test
    void indexSwitchedOffKeepsOnlySeenAndStillDeduplicates() {
        driver.close();
        startDriver(false);
        send("hyperspell", "e1", "index-completed", HYPERSPELL, T0, null);
        send("hyperspell", "e1", "index-completed", HYPERSPELL, T0.plusSeconds(5), null);
        assertThat(driver.createOutputTopic("hyperspell.index", new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .readRecordsToList()).hasSize(1);
        Timeline t = lookup("hyperspell", "e1");
        assertThat(t.deliveries()).isEmpty();
        assertThat(t.outputs()).isEmpty();
        assertThat(t.dedupe().copiesDropped()).isZero();
    }

    @Test
    void topologyHasNoIndexTopicNorReadBack() {
        String described = SluiceTopology.build(config).describe().toString();
        assertThat(described).doesNotContain(config.topics().index()).doesNotContain(config.topics().defaultTopic())
                .contains(EventIndex.STORE);
        // one source: the raw topic
        assertThat(SluiceTopology.build(config).describe().subtopologies()).hasSize(1);
    }

    @Test
    void outputNotFoundAmongTheWrittenRecordsIsPendingWithoutPosition() {
        send("hyperspell", "e1", "index-completed", HYPERSPELL, T0, null);
        EventIndex nothingCommitted = new EventIndex(() -> driver.getWindowStore(EventIndex.STORE), Resolver.NONE,
                config.topics().deadLetter());
        Timeline t = nothingCommitted.timeline("hyperspell", "e1").orElseThrow();
        assertThat(t.outputs()).singleElement().satisfies(o -> {
            assertThat(o.topic()).isEqualTo("hyperspell.index");
            assertThat(o.status()).isEqualTo(Timeline.PENDING);
            assertThat(o.offset()).isNull();
            assertThat(o.partition()).isNull();
        });
        assertThat(t.status()).isEqualTo("pending");
    }

    @Test
    void deliveredEventHasItsDeliveryAndItsCommittedOutput() {
        send("hyperspell", "e1", "index-completed", HYPERSPELL, T0, "2");
        Timeline t = lookup("hyperspell", "e1");
        assertThat(t.source()).isEqualTo("hyperspell");
        assertThat(t.id()).isEqualTo("e1");
        assertThat(t.type()).isEqualTo("index-completed");
        assertThat(t.status()).isEqualTo("delivered");
        assertThat(t.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.outcome()).isEqualTo("accepted");
            assertThat(d.receivedAt()).isEqualTo(T0.toEpochMilli());
            assertThat(d.attempt()).isEqualTo(2);
            assertThat(d.offset()).isEqualTo(0L);
        });
        assertThat(t.outputs()).singleElement().satisfies(o -> {
            assertThat(o.topic()).isEqualTo("hyperspell.index");
            assertThat(o.offset()).isEqualTo(0L);
            assertThat(o.status()).isEqualTo(Timeline.COMMITTED);
        });
        assertThat(t.deadLetter()).isNull();
    }

    @Test
    void duplicatesAreListedAndCountedAsDroppedCopies() {
        send("hyperspell", "e1", "index-completed", HYPERSPELL, T0, null);
        send("hyperspell", "e1", "index-completed", HYPERSPELL, T0.plusSeconds(5), null);
        send("hyperspell", "e1", "index-completed", HYPERSPELL, T0.plusSeconds(9), null);
        Timeline t = lookup("hyperspell", "e1");
        assertThat(t.deliveries()).extracting(Timeline.Delivery::outcome)
                .containsExactly("accepted", "duplicate", "duplicate");
        assertThat(t.deliveries()).extracting(Timeline.Delivery::offset).containsExactly(0L, 1L, 2L);
        assertThat(t.dedupe().copiesDropped()).isEqualTo(2);
        assertThat(t.outputs()).hasSize(1);
        assertThat(t.firstReceivedAt()).isEqualTo(T0.toEpochMilli());
    }

    @Test
    void eventMatchingTwoRoutesListsBothOutputs() {
        send("hume", "c1", "chat_paused", "{\"event_name\":\"chat_paused\"}", T0, null);
        assertThat(lookup("hume", "c1").outputs()).extracting(Timeline.Output::topic)
                .containsExactlyInAnyOrder("chats", "hume.all");
    }

    @Test
    void deadLetteredEventHasTheReason() {
        raw.pipeInput(new TestRecord<>(bytes("stripe:evt_1"), new byte[]{(byte) 0xFF, 'x'},
                headers("stripe", "evt_1", "charge.succeeded", T0, null), T0));
        Timeline t = lookup("stripe", "evt_1");
        assertThat(t.status()).isEqualTo("dead_lettered");
        assertThat(t.deadLetter().reason()).isEqualTo("body_not_json");
        assertThat(t.deadLetter().topic()).isEqualTo(config.topics().deadLetter());
        assertThat(t.deadLetter().offset()).isEqualTo(0L);
        assertThat(t.outputs()).isEmpty();
    }

    @Test
    void unknownEventIsNotFound() {
        assertThat(index.timeline("hyperspell", "nope")).isEmpty();
    }

    @Test
    void recentListsNewestFirstWithFilters() {
        send("hyperspell", "a", "index-completed", HYPERSPELL, T0, null);
        send("hume", "b", "chat_started", "{}", T0.plusSeconds(1), null);
        send("hyperspell", "c", "index-started", HYPERSPELL, T0.plusSeconds(2), null);
        Function<EventIndex.Query, List<String>> ids = q -> index.recent(q).stream().map(EventIndex.Summary::id).toList();
        assertThat(ids.apply(new EventIndex.Query(null, null, null, null, 10))).containsExactly("c", "b", "a");
        assertThat(ids.apply(new EventIndex.Query("hyperspell", null, null, null, 10))).containsExactly("c", "a");
        assertThat(ids.apply(new EventIndex.Query(null, "index-*", null, null, 10))).containsExactly("c", "a");
        assertThat(ids.apply(new EventIndex.Query(null, "chat_started", null, null, 10))).containsExactly("b");
        assertThat(ids.apply(new EventIndex.Query(null, null, T0.plusSeconds(1).toEpochMilli(),
                T0.plusSeconds(1).toEpochMilli(), 10))).containsExactly("b");
        assertThat(ids.apply(new EventIndex.Query(null, null, null, null, 2))).containsExactly("c", "b");
    }

    @Test
    void recentKeepsTheNewestOfTheWholeRange() {
        // tens of minutes apart (within the 1 h window)
        send("hyperspell", "old", "index-completed", HYPERSPELL, T0, null);
        send("hume", "mid", "chat_started", "{}", T0.plus(Duration.ofMinutes(10)), null);
        send("hyperspell", "new", "index-started", HYPERSPELL, T0.plus(Duration.ofMinutes(50)), null);
        Function<EventIndex.Query, List<String>> ids = q -> index.recent(q).stream().map(EventIndex.Summary::id).toList();
        assertThat(ids.apply(new EventIndex.Query(null, null, null, null, 2))).containsExactly("new", "mid");
        assertThat(ids.apply(new EventIndex.Query(null, null, null, null, 10))).containsExactly("new", "mid", "old");
        assertThat(ids.apply(new EventIndex.Query("hyperspell", null, null, T0.plus(Duration.ofMinutes(30)).toEpochMilli(), 10)))
                .containsExactly("old");
    }

    @Test
    void redeliveryKeepsOneListEntry() {
        send("hyperspell", "a", "index-completed", HYPERSPELL, T0, null);
        send("hyperspell", "a", "index-completed", HYPERSPELL, T0.plusSeconds(3), null);
        assertThat(index.recent(new EventIndex.Query(null, null, null, null, 10))).singleElement()
                .satisfies(s -> assertThat(s.deliveries()).isEqualTo(2));
    }

    @Test
    void entriesOlderThanTheWindowAreGone() {
        send("hyperspell", "a", "index-completed", HYPERSPELL, T0, null);
        assertThat(index.timeline("hyperspell", "a")).isPresent();
        // stream time moves past the window: the store's retention drops the old entry
        send("hyperspell", "b", "index-completed", HYPERSPELL,
                T0.plus(config.processor().dedupeWindow()).plus(Duration.ofHours(2)), null);
        assertThat(index.timeline("hyperspell", "a")).isEmpty();
        assertThat(index.recent(new EventIndex.Query(null, null, null, null, 10))).extracting(EventIndex.Summary::id)
                .containsExactly("b");
    }
}
