package io.sluice.processor;

import io.sluice.config.SluiceConfig;
import io.sluice.processor.index.EventIndex;
import io.sluice.processor.index.Timeline;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The event index of the topology: timelines in topics.index and lookups from the global store. */
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

    @BeforeEach
    void start() {
        config = TestConfigs.config("unused:9092", "index-test", stateDir);
        ProcessorMetrics metrics = ProcessorMetrics.inMemory();
        driver = new TopologyTestDriver(SluiceTopology.build(config, metrics), StreamsProperties.of(config, metrics), T0);
        raw = driver.createInputTopic(config.topics().raw(), new ByteArraySerializer(), new ByteArraySerializer());
        KeyValueStore<byte[], byte[]> store = driver.getKeyValueStore(EventIndex.STORE);
        index = new EventIndex(() -> store);
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

    /** The latest timeline per key written to topics.index. */
    Map<String, Timeline> indexTopic() {
        return driver.createOutputTopic(config.topics().index(), new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .readRecordsToList().stream()
                .collect(Collectors.toMap(r -> new String(r.key(), StandardCharsets.UTF_8),
                        r -> Timeline.fromJson(r.value()), (a, b) -> b));
    }

    Timeline lookup(String source, String id) {
        return Timeline.fromJson(index.timeline(source, id).orElseThrow());
    }

    @Test
    void topicsAddedToTheReadBackAreIndexedAsOutputs() {
        driver.close();
        ProcessorMetrics metrics = ProcessorMetrics.inMemory();
        driver = new TopologyTestDriver(SluiceTopology.build(config, metrics, new EventOutputs(config), true,
                java.util.Set.of("added.live")), StreamsProperties.of(config, metrics), T0);
        raw = driver.createInputTopic(config.topics().raw(), new ByteArraySerializer(), new ByteArraySerializer());
        KeyValueStore<byte[], byte[]> store = driver.getKeyValueStore(EventIndex.STORE);
        index = new EventIndex(() -> store);
        send("hyperspell", "e9", "index-completed", HYPERSPELL, T0, null);
        // a record in the added topic (as a route added live would write it) joins the timeline
        driver.createInputTopic("added.live", new ByteArraySerializer(), new ByteArraySerializer())
                .pipeInput(new TestRecord<>(bytes("hyperspell:e9"), bytes("x"), new RecordHeaders(), T0));
        assertThat(lookup("hyperspell", "e9").outputs()).extracting(Timeline.Output::topic)
                .containsExactly("hyperspell.index", "added.live");
    }

    @Test
    void indexSwitchedOffBuildsNoIndexNodes() {
        ProcessorMetrics metrics = ProcessorMetrics.inMemory();
        String described = SluiceTopology.build(config, metrics, new EventOutputs(config), false, java.util.Set.of())
                .describe().toString();
        assertThat(described).doesNotContain(SluiceTopology.INDEX_OUTPUTS).doesNotContain(EventIndex.STORE)
                .contains(SluiceTopology.DEDUPE).contains(SluiceTopology.ROUTES_SINK);
        assertThat(SluiceTopology.build(config, metrics).describe().toString()).contains(EventIndex.STORE);
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
        });
        assertThat(t.deadLetter()).isNull();
    }

    @Test
    void indexTopicHoldsTheSameTimelineAsTheLookup() {
        send("hyperspell", "e1", "index-completed", HYPERSPELL, T0, null);
        assertThat(indexTopic().get("hyperspell:e1")).isEqualTo(lookup("hyperspell", "e1"));
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
    void redeliveryKeepsOneListEntry() {
        send("hyperspell", "a", "index-completed", HYPERSPELL, T0, null);
        send("hyperspell", "a", "index-completed", HYPERSPELL, T0.plusSeconds(3), null);
        assertThat(index.recent(new EventIndex.Query(null, null, null, null, 10))).singleElement()
                .satisfies(s -> assertThat(s.deliveries()).isEqualTo(2));
    }

    @Test
    void timelinesNotUpdatedWithinTheRetentionArePurgedAndTombstoned() {
        send("hyperspell", "a", "index-completed", HYPERSPELL, T0, null);
        assertThat(index.timeline("hyperspell", "a")).isPresent();
        driver.advanceWallClockTime(config.processor().dedupeWindow().plus(Duration.ofHours(2)));
        assertThat(index.timeline("hyperspell", "a")).isEmpty();
        assertThat(index.recent(new EventIndex.Query(null, null, null, null, 10))).isEmpty();
    }
}
