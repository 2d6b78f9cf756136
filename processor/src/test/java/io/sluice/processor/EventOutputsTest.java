package io.sluice.processor;

import io.sluice.config.SluiceConfig;
import io.sluice.schemas.SingleObjectCodec;
import io.sluice.schemas.WebhookEvent;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventOutputsTest {
    @TempDir
    Path stateDir;

    private EventOutputs outputs() {
        SluiceConfig config = TestConfigs.config("unused:9092", "outputs-test", stateDir);
        return new EventOutputs(config);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void routedGivesOneRecordPerMatchingRouteWithTheEnvelopeAndUnsharedHeaders() throws Exception {
        EventOutputs outputs = outputs();
        Headers raw = TopologyTest.headers("hume", "h-1", "chat_paused");
        byte[] key = bytes("hume:h-1");
        var ok = (Normalization.Normalized) outputs.normalize(key, bytes("{\"chat_id\":\"c-1\"}"), raw);

        List<EventOutputs.OutputRecord> records = outputs.routed(key, ok, raw);

        assertThat(records).extracting(EventOutputs.OutputRecord::topic).containsExactly("chats", "hume.all");
        WebhookEvent decoded = SingleObjectCodec.decode(records.get(0).value());
        assertThat(decoded.getId()).isEqualTo("h-1");
        assertThat(decoded.getSubject()).isEqualTo("c-1");
        assertThat(records.get(0).key()).isEqualTo(key);
        records.get(0).headers().add("x", bytes("1"));
        assertThat(records.get(1).headers().lastHeader("x")).isNull();
        assertThat(raw.lastHeader("x")).isNull();
    }

    @Test
    void eventMatchingNoRouteGoesToTheDefaultTopic() {
        EventOutputs outputs = outputs();
        Headers raw = TopologyTest.headers("github", "g-1", "push");
        byte[] key = bytes("github:g-1");
        var ok = (Normalization.Normalized) outputs.normalize(key, bytes("{}"), raw);

        assertThat(outputs.routed(key, ok, raw)).extracting(EventOutputs.OutputRecord::topic)
                .containsExactly("sluice.events");
    }

    @Test
    void recordForAGivenTopicCarriesTheSameEnvelope() {
        EventOutputs outputs = outputs();
        Headers raw = TopologyTest.headers("github", "g-2", "push");
        byte[] key = bytes("github:g-2");
        var ok = (Normalization.Normalized) outputs.normalize(key, bytes("{}"), raw);

        EventOutputs.OutputRecord r = outputs.record("renormalized", key, ok, raw);

        assertThat(r.topic()).isEqualTo("renormalized");
        assertThat(r.value()).isEqualTo(outputs.routed(key, ok, raw).get(0).value());
        assertThat(r.headers().lastHeader(CloudEventHeaders.SOURCE).value()).isEqualTo(bytes("sluice/github"));
    }
}
