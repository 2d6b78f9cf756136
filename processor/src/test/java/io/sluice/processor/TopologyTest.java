package io.sluice.processor;

import io.sluice.config.SluiceConfig;
import io.sluice.schemas.SingleObjectCodec;
import io.sluice.schemas.WebhookEvent;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class TopologyTest {
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path stateDir;
    SluiceConfig config;
    ProcessorMetrics metrics;
    TopologyTestDriver driver;
    TestInputTopic<byte[], byte[]> raw;

    @BeforeEach
    void start() {
        config = TestConfigs.config("unused:9092", "topology-test", stateDir);
        metrics = ProcessorMetrics.inMemory();
        Properties props = StreamsProperties.of(config, metrics);
        driver = new TopologyTestDriver(SluiceTopology.build(config, metrics), props, T0);
        raw = driver.createInputTopic(config.topics().raw(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    // ---- helpers ---------------------------------------------------------------------------

    static Headers headers(String source, String id, String type) {
        RecordHeaders h = new RecordHeaders();
        h.add(RawHeaders.SOURCE, bytes(source));
        h.add(RawHeaders.EVENT_ID, bytes(id));
        h.add(RawHeaders.EVENT_TYPE, bytes(type));
        h.add(RawHeaders.RECEIVED_AT, bytes(String.valueOf(T0.toEpochMilli())));
        h.add(RawHeaders.CONTENT_TYPE, bytes("application/json"));
        return h;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    void send(String source, String id, String type, String body, Instant at) {
        send(headers(source, id, type), source + ":" + id, body, at);
    }

    void send(Headers headers, String key, String body, Instant at) {
        raw.pipeInput(new TestRecord<>(key == null ? null : bytes(key), body == null ? null : bytes(body), headers, at));
    }

    TestOutputTopic<byte[], byte[]> out(String topic) {
        return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    List<WebhookEvent> events(String topic) {
        return out(topic).readRecordsToList().stream().map(r -> decode(r.value())).toList();
    }

    static WebhookEvent decode(byte[] v) {
        try {
            return SingleObjectCodec.decode(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WebhookEvent single(String topic) {
        List<WebhookEvent> list = events(topic);
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    static String dataText(WebhookEvent e) {
        ByteBuffer b = e.getData().duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return new String(out, StandardCharsets.UTF_8);
    }

    static final String HYPERSPELL = """
            {"event":"index-completed","app":"acme","user_id":"u-1","source":"notion","resource_id":"page-9","timestamp":1763892000}""";

    // ---- dedupe ------------------------------------------------------------------------------

    @Test
    void duplicateWithinWindowIsDroppedAndCounted() {
        send("hyperspell", "e1", "index-completed", HYPERSPELL, T0);
        send("hyperspell", "e1", "index-completed", HYPERSPELL, T0.plus(Duration.ofMinutes(59)));
        assertThat(events("hyperspell.index")).hasSize(1);
        assertThat(metrics.count(ProcessorMetrics.DUPLICATES, "source", "hyperspell")).isEqualTo(1.0);
        assertThat(metrics.count(ProcessorMetrics.EVENTS_IN, "source", "hyperspell")).isEqualTo(2.0);
    }

    @Test
    void duplicateBeyondWindowIsProcessedAgain() {
        send("hyperspell", "e1", "index-completed", HYPERSPELL, T0);
        send("hyperspell", "e1", "index-completed", HYPERSPELL, T0.plus(Duration.ofHours(1)));
        assertThat(events("hyperspell.index")).hasSize(2);
        assertThat(metrics.count(ProcessorMetrics.DUPLICATES, "source", "hyperspell")).isZero();
    }

    @Test
    void sameEventIdFromAnotherSourceIsNotADuplicate() {
        send("inbound", "x", "inbound.email", "{\"channel\":\"email\",\"external_id\":\"t-1\"}", T0);
        send("trigger", "x", "trigger.email", "{\"channel\":\"email\",\"external_id\":\"t-1\"}", T0);
        assertThat(events("inbound.email")).hasSize(1);
        assertThat(events("sluice.events")).hasSize(1);
    }

    @Test
    void dedupeStoreForgetsKeysOnceTheWindowHasPassed() {
        send("hyperspell", "old", "index-completed", HYPERSPELL, T0);
        // advance stream time well past retention: the segment holding "old" is dropped
        send("hyperspell", "new", "index-completed", HYPERSPELL, T0.plus(Duration.ofHours(5)));
        var store = driver.<byte[], Long>getWindowStore(DedupeProcessor.STORE);
        try (var it = store.fetch(bytes("hyperspell:old"), 0L, Long.MAX_VALUE)) {
            assertThat(it.hasNext()).isFalse();
        }
        try (var it = store.fetch(bytes("hyperspell:new"), 0L, Long.MAX_VALUE)) {
            assertThat(it.hasNext()).isTrue();
        }
    }

    // ---- routes ------------------------------------------------------------------------------

    @Test
    void matchingRouteGetsTheEventAndDefaultDoesNot() {
        send("hyperspell", "e1", "index-started", HYPERSPELL, T0);
        assertThat(events("hyperspell.index")).hasSize(1);
        assertThat(out("sluice.events").isEmpty()).isTrue();
        assertThat(metrics.count(ProcessorMetrics.ROUTED, "topic", "hyperspell.index")).isEqualTo(1.0);
    }

    @Test
    void typeNotMatchingAnyGlobGoesToDefault() {
        send("hyperspell", "e1", "user-connected", HYPERSPELL, T0);
        assertThat(out("hyperspell.index").isEmpty()).isTrue();
        assertThat(events("sluice.events")).extracting(WebhookEvent::getType).containsExactly("user-connected");
    }

    @Test
    void eventMatchingSeveralRoutesGoesToEachTopicOnce() {
        // chats (any source, chat_??????), hume.all twice (all types, chat_paused): each topic once
        send("hume", "c1", "chat_paused", "{\"chat_id\":\"c\",\"end_time\":1763892000000}", T0);
        assertThat(events("chats")).hasSize(1);
        assertThat(events("hume.all")).hasSize(1);
        assertThat(out("sluice.events").isEmpty()).isTrue();
    }

    @Test
    void questionMarkMatchesExactlyOneCharacter() {
        send("hume", "c1", "chat_started", "{\"chat_id\":\"c\"}", T0); // 7 chars after chat_: no
        send("hume", "c2", "chat_paused", "{\"chat_id\":\"c\"}", T0);  // 6 chars: yes
        assertThat(events("chats")).extracting(WebhookEvent::getType).containsExactly("chat_paused");
        assertThat(events("hume.all")).hasSize(2);
    }

    @Test
    void routeRestrictedToOtherSourceDoesNotMatch() {
        send("trigger", "e1", "index-completed", "{\"channel\":\"email\"}", T0);
        assertThat(out("hyperspell.index").isEmpty()).isTrue();
        assertThat(events("sluice.events")).hasSize(1);
    }

    @Test
    void outputKeepsRawKeyAndCarriesTheEnvelopeInCloudEventsHeaders() {
        send("hyperspell", "e1", "index-completed", HYPERSPELL, T0);
        var r = out("hyperspell.index").readRecord();
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("hyperspell:e1");
        assertThat(r.value()[0]).isEqualTo((byte) 0xC3);
        assertThat(r.value()[1]).isEqualTo((byte) 0x01);
        assertThat(RawHeaders.text(r.headers(), CloudEventHeaders.SOURCE)).isEqualTo("sluice/hyperspell");
        assertThat(RawHeaders.text(r.headers(), CloudEventHeaders.ID)).isEqualTo("e1");
    }

    @Test
    void outputDoesNotRepeatTheRawEnvelopeHeaders() {
        // their content is in the value and the ce_* headers: each header costs every record
        send("hyperspell", "e1", "index-completed", HYPERSPELL, T0);
        var r = out("hyperspell.index").readRecord();
        for (String name : CloudEventHeaders.ENVELOPE) {
            assertThat(r.headers().lastHeader(name)).as(name).isNull();
        }
    }

    // ---- dead letters ------------------------------------------------------------------------

    TestRecord<byte[], byte[]> singleDeadLetter() {
        List<TestRecord<byte[], byte[]>> list = out("sluice.dlq").readRecordsToList();
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    @Test
    void missingEventTypeHeaderGoesToDeadLetterWithReason() {
        Headers h = headers("hyperspell", "e1", "x");
        h.remove(RawHeaders.EVENT_TYPE);
        send(h, "hyperspell:e1", HYPERSPELL, T0);
        var dlq = singleDeadLetter();
        assertThat(RawHeaders.text(dlq.headers(), RawHeaders.DLQ_REASON)).isEqualTo("missing_header");
        assertThat(RawHeaders.text(dlq.headers(), RawHeaders.DLQ_DETAIL)).contains("sluice.event-type");
        assertThat(dlq.value()).isEqualTo(bytes(HYPERSPELL));
        assertThat(metrics.count(ProcessorMetrics.DEAD_LETTERED, "reason", "missing_header")).isEqualTo(1.0);
        assertThat(out("sluice.events").isEmpty()).isTrue();
    }

    @Test
    void emptyEventTypeIsAnEventWithoutType() {
        // the ingress writes an empty type for an hmac source without an event-type rule
        send("partner", "p1", "", "{\"ts\":1763892000}", T0);
        WebhookEvent e = single("sluice.events");
        assertThat(e.getType()).isEmpty();
        assertThat(out("sluice.dlq").isEmpty()).isTrue();
    }

    @Test
    void missingSourceHeaderGoesToDeadLetter() {
        Headers h = headers("hyperspell", "e1", "x");
        h.remove(RawHeaders.SOURCE);
        send(h, "hyperspell:e1", HYPERSPELL, T0);
        assertThat(RawHeaders.text(singleDeadLetter().headers(), RawHeaders.DLQ_REASON)).isEqualTo("missing_header");
    }

    @Test
    void receivedAtNotANumberGoesToDeadLetter() {
        Headers h = headers("hyperspell", "e1", "x");
        h.remove(RawHeaders.RECEIVED_AT).add(RawHeaders.RECEIVED_AT, bytes("yesterday"));
        send(h, "hyperspell:e1", HYPERSPELL, T0);
        assertThat(RawHeaders.text(singleDeadLetter().headers(), RawHeaders.DLQ_REASON)).isEqualTo("invalid_header");
    }

    @Test
    void recordWithoutKeyGoesToDeadLetter() {
        send(headers("hyperspell", "e1", "x"), null, HYPERSPELL, T0);
        assertThat(RawHeaders.text(singleDeadLetter().headers(), RawHeaders.DLQ_REASON)).isEqualTo("missing_key");
    }

    @Test
    void keyThatIsNotSourceColonEventIdGoesToDeadLetter() {
        send(headers("hyperspell", "e1", "x"), "hyperspell:e2", HYPERSPELL, T0);
        assertThat(RawHeaders.text(singleDeadLetter().headers(), RawHeaders.DLQ_REASON)).isEqualTo("invalid_key");
    }

    @Test
    void eventIdContainingAColonIsAValidKey() {
        send("hyperspell", "a:b", "index-completed", HYPERSPELL, T0);
        assertThat(single("hyperspell.index").getId()).isEqualTo("a:b");
    }

    @Test
    void nonJsonBodyForJsonSchemeGoesToDeadLetterByteExact() {
        byte[] poison = {(byte) 0xFF, 0x00, 'n', 'o', 't', ' ', 'j', 's', 'o', 'n'};
        raw.pipeInput(new TestRecord<>(bytes("stripe:evt_1"), poison, headers("stripe", "evt_1", "charge.succeeded"), T0));
        var dlq = singleDeadLetter();
        assertThat(RawHeaders.text(dlq.headers(), RawHeaders.DLQ_REASON)).isEqualTo("body_not_json");
        assertThat(dlq.value()).isEqualTo(poison);
        assertThat(new String(dlq.key(), StandardCharsets.UTF_8)).isEqualTo("stripe:evt_1");
    }

    @Test
    void jsonArrayBodyForJsonSchemeGoesToDeadLetter() {
        send("hume", "c1", "chat_started", "[1,2]", T0);
        assertThat(RawHeaders.text(singleDeadLetter().headers(), RawHeaders.DLQ_REASON)).isEqualTo("body_not_json");
    }

    @Test
    void nonJsonBodyForHeaderOnlySchemeIsStillDelivered() {
        send("github", "d1", "ping", "not json at all", T0);
        WebhookEvent e = single("sluice.events");
        assertThat(e.getAttributes()).isEmpty();
        assertThat(dataText(e)).isEqualTo("not json at all");
    }

    @Test
    void duplicateOfAPoisonRecordIsDroppedNotDeadLetteredTwice() {
        send("stripe", "evt_1", "x", "nope", T0);
        send("stripe", "evt_1", "x", "nope", T0.plusSeconds(1));
        assertThat(out("sluice.dlq").readRecordsToList()).hasSize(1);
        assertThat(metrics.count(ProcessorMetrics.DUPLICATES, "source", "stripe")).isEqualTo(1.0);
    }

    // ---- unknown source ----------------------------------------------------------------------

    @Test
    void unknownSourceIsNormalizedWithoutAttributesAndCounted() {
        send("removed", "e1", "index-completed", HYPERSPELL, T0);
        WebhookEvent e = single("sluice.events");
        assertThat(e.getSource()).isEqualTo("removed");
        assertThat(e.getAttributes()).isEmpty();
        assertThat(e.getSubject()).isNull();
        assertThat(metrics.count(ProcessorMetrics.UNKNOWN_SOURCE)).isEqualTo(1.0);
        assertThat(metrics.count(ProcessorMetrics.EVENTS_IN, "source", "unknown")).isEqualTo(1.0);
    }

    // ---- envelope ----------------------------------------------------------------------------

    @Test
    void envelopeFieldsComeFromTheHeaders() {
        Headers h = headers("hyperspell", "e1", "index-completed");
        h.add(RawHeaders.DELIVERY_ATTEMPT, bytes("3"));
        send(h, "hyperspell:e1", HYPERSPELL, T0);
        WebhookEvent e = single("hyperspell.index");
        assertThat(e.getId()).isEqualTo("e1");
        assertThat(e.getSource()).isEqualTo("hyperspell");
        assertThat(e.getType()).isEqualTo("index-completed");
        assertThat(e.getReceivedAt()).isEqualTo(T0);
        assertThat(e.getDeliveryAttempt()).isEqualTo(3);
        assertThat(e.getContentType()).isEqualTo("application/json");
        assertThat(dataText(e)).isEqualTo(HYPERSPELL);
    }

    @Test
    void deliveryAttemptThatIsNotANumberIsLeftNull() {
        Headers h = headers("hyponema", "e1", "x");
        h.add(RawHeaders.DELIVERY_ATTEMPT, bytes("second"));
        send(h, "hyponema:e1", "{}", T0);
        assertThat(single("sluice.events").getDeliveryAttempt()).isNull();
    }

    @Test
    void missingContentTypeBecomesOctetStream() {
        Headers h = headers("github", "d1", "ping");
        h.remove(RawHeaders.CONTENT_TYPE);
        send(h, "github:d1", "{}", T0);
        assertThat(single("sluice.events").getContentType()).isEqualTo("application/octet-stream");
    }

    // ---- per provider ------------------------------------------------------------------------

    @Test
    void hyperspellAttributesSubjectAndTime() {
        send("hyperspell", "e1", "index-completed", HYPERSPELL, T0);
        WebhookEvent e = single("hyperspell.index");
        assertThat(e.getAttributes()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "app", "acme", "user_id", "u-1", "source", "notion", "resource_id", "page-9"));
        assertThat(e.getSubject()).isEqualTo("page-9");
        assertThat(e.getTime()).isEqualTo(Instant.ofEpochSecond(1763892000L));
    }

    @Test
    void hyperspellNullUserAndResourceAreLeftOut() {
        send("hyperspell", "e1", "index-started",
                "{\"event\":\"index-started\",\"app\":\"acme\",\"user_id\":null,\"source\":\"slack\",\"resource_id\":null,\"timestamp\":1763892000}",
                T0);
        WebhookEvent e = single("hyperspell.index");
        assertThat(e.getAttributes()).containsOnlyKeys("app", "source");
        assertThat(e.getSubject()).isNull();
    }

    @Test
    void humeChatStartedUsesStartTimeMillisAndChatId() {
        send("hume", "h1", "chat_started", """
                {"event_name":"chat_started","chat_group_id":"g-1","chat_id":"c-1","config_id":"cfg-1",
                 "caller_number":"+12223333333","chat_start_type":"new_chat_group","custom_session_id":null,
                 "start_time":1716244940648}""", T0);
        WebhookEvent e = single("hume.all");
        assertThat(e.getSubject()).isEqualTo("c-1");
        assertThat(e.getTime()).isEqualTo(Instant.ofEpochMilli(1716244940648L));
        assertThat(e.getAttributes()).containsExactlyInAnyOrderEntriesOf(Map.of("chat_id", "c-1",
                "chat_group_id", "g-1", "config_id", "cfg-1", "chat_start_type", "new_chat_group"));
    }

    @Test
    void humeChatEndedUsesEndTimeAndEndReason() {
        send("hume", "h2", "chat_ended", """
                {"event_name":"chat_ended","chat_group_id":"g-1","chat_id":"c-1","config_id":null,
                 "start_time":1716244940648,"end_time":1716244958546,"duration_seconds":17,"end_reason":"USER_ENDED"}""",
                T0);
        WebhookEvent e = single("hume.all");
        assertThat(e.getTime()).isEqualTo(Instant.ofEpochMilli(1716244958546L));
        assertThat(e.getAttributes()).containsEntry("end_reason", "USER_ENDED").doesNotContainKey("config_id");
    }

    @Test
    void hyponemaKeepsEventIdAndDeliveryAttempt() {
        Headers h = headers("hyponema", "7f1c2d3e-0000-4000-8000-000000000001", "conversation.completed");
        h.add(RawHeaders.DELIVERY_ATTEMPT, bytes("2"));
        send(h, "hyponema:7f1c2d3e-0000-4000-8000-000000000001",
                "{\"event_id\":\"7f1c2d3e-0000-4000-8000-000000000001\",\"created_at\":\"2026-11-23T09:59:58Z\"}", T0);
        WebhookEvent e = single("sluice.events");
        assertThat(e.getDeliveryAttempt()).isEqualTo(2);
        assertThat(e.getAttributes()).containsEntry("event_id", "7f1c2d3e-0000-4000-8000-000000000001");
        assertThat(e.getTime()).isEqualTo(Instant.parse("2026-11-23T09:59:58Z"));
    }

    @Test
    void hyponemaNonJsonBodyIsDeliveredWithoutAttributes() {
        send("hyponema", "id-1", "x", "plain text", T0);
        assertThat(single("sluice.events").getAttributes()).isEmpty();
    }

    @Test
    void aihummerInboundChannelAndExternalId() {
        send("inbound", "sha", "inbound.email", """
                {"channel":"email","external_id":"ticket-4821","text":"A customer asks whether order #4821 has shipped."}""",
                T0);
        WebhookEvent e = single("inbound.email");
        assertThat(e.getSubject()).isEqualTo("ticket-4821");
        assertThat(e.getAttributes()).containsExactlyInAnyOrderEntriesOf(Map.of("channel", "email",
                "external_id", "ticket-4821"));
        assertThat(e.getTime()).isNull();
    }

    @Test
    void aihummerTriggerChannelAndExternalId() {
        send("trigger", "sha", "trigger.zapier", """
                {"channel":"zapier","external_id":"lead-99","text":"New lead captured from the contact form."}""", T0);
        WebhookEvent e = single("sluice.events");
        assertThat(e.getSubject()).isEqualTo("lead-99");
        assertThat(e.getAttributes()).containsEntry("channel", "zapier");
    }

    @Test
    void stripeCreatedAndObjectId() {
        send("stripe", "evt_1", "payment_intent.succeeded", """
                {"id":"evt_1","object":"event","api_version":"2024-06-20","created":1680064028,"livemode":false,
                 "data":{"object":{"id":"pi_123","object":"payment_intent"}},"request":{"id":"req_9"},"type":"payment_intent.succeeded"}""",
                T0);
        WebhookEvent e = single("sluice.events");
        assertThat(e.getSubject()).isEqualTo("pi_123");
        assertThat(e.getTime()).isEqualTo(Instant.ofEpochSecond(1680064028L));
        assertThat(e.getAttributes()).containsEntry("object", "payment_intent").containsEntry("livemode", "false")
                .containsEntry("request_id", "req_9");
    }

    @Test
    void slackEventTimeAndTeam() {
        send("slack", "Ev1", "message", """
                {"type":"event_callback","team_id":"T1","api_app_id":"A1","event_id":"Ev1","event_time":1763892000,
                 "event":{"type":"message","channel":"C1","user":"U1"}}""", T0);
        WebhookEvent e = single("sluice.events");
        assertThat(e.getTime()).isEqualTo(Instant.ofEpochSecond(1763892000L));
        assertThat(e.getAttributes()).containsEntry("team_id", "T1").containsEntry("channel", "C1");
        assertThat(e.getSubject()).isEqualTo("C1");
    }

    @Test
    void slackSlashCommandFormFieldsBecomeAttributes() {
        Headers h = headers("slack", "sha", "/deploy");
        h.remove(RawHeaders.CONTENT_TYPE).add(RawHeaders.CONTENT_TYPE, bytes("application/x-www-form-urlencoded"));
        send(h, "slack:sha", "token=x&team_id=T1&channel_id=C2&user_id=U3&command=%2Fdeploy&text=web", T0);
        WebhookEvent e = single("sluice.events");
        assertThat(e.getAttributes()).containsEntry("team_id", "T1").containsEntry("channel", "C2")
                .containsEntry("user", "U3").containsEntry("command", "/deploy").doesNotContainKey("token");
        assertThat(e.getSubject()).isEqualTo("C2");
    }

    @Test
    void githubRepositoryAndAction() {
        send("github", "d1", "issues", """
                {"action":"opened","repository":{"full_name":"acme/web"},"sender":{"login":"octocat"}}""", T0);
        WebhookEvent e = single("sluice.events");
        assertThat(e.getAttributes()).containsEntry("repository", "acme/web").containsEntry("action", "opened");
        assertThat(e.getSubject()).isEqualTo("acme/web");
    }

    @Test
    void githubFormEncodedPayloadIsRead() {
        Headers h = headers("github", "d2", "push");
        h.remove(RawHeaders.CONTENT_TYPE).add(RawHeaders.CONTENT_TYPE, bytes("application/x-www-form-urlencoded"));
        send(h, "github:d2", "payload=%7B%22repository%22%3A%7B%22full_name%22%3A%22acme%2Fweb%22%7D%7D", T0);
        assertThat(single("sluice.events").getAttributes()).containsEntry("repository", "acme/web");
    }

    @Test
    void shopifySubjectAndUpdatedAt() {
        send("shopify", "w1", "orders/create", """
                {"id":820982911946154508,"admin_graphql_api_id":"gid://shopify/Order/820982911946154508",
                 "updated_at":"2026-11-23T05:00:00-05:00"}""", T0);
        WebhookEvent e = single("sluice.events");
        assertThat(e.getSubject()).isEqualTo("gid://shopify/Order/820982911946154508");
        assertThat(e.getTime()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
    }

    @Test
    void standardWebhooksIsoTimestamp() {
        send("std", "msg_1", "invoice.paid", """
                {"type":"invoice.paid","timestamp":"2022-11-03T20:26:10.344522Z","data":{"id":"inv_1"}}""", T0);
        assertThat(single("sluice.events").getTime()).isEqualTo(Instant.parse("2022-11-03T20:26:10.344Z"));
    }

    @Test
    void hmacTakesTimeFromConfiguredJsonTimestamp() {
        send("partner", "p1", "thing.done", "{\"ts\":1763892000,\"type\":\"thing.done\"}", T0);
        assertThat(single("sluice.events").getTime()).isEqualTo(Instant.ofEpochSecond(1763892000L));
    }

    @Test
    void implausibleProviderTimeIsLeftNull() {
        send("stripe", "evt_2", "x", "{\"created\":99999999999999999,\"data\":{\"object\":{\"id\":\"o\"}}}", T0);
        assertThat(single("sluice.events").getTime()).isNull();
    }
}
