package io.sluice.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AuditLogTest {
    final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    final AuditLog audit = new AuditLog(producer, "sluice.audit",
            Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));

    JsonNode only() throws Exception {
        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).topic()).isEqualTo("sluice.audit");
        return new ObjectMapper().readTree(sent.get(0).value());
    }

    @Test
    void recordHoldsWhoWhatWhenAndParams() throws Exception {
        audit.record("ops", "replay.start", Map.of("job", "j1", "sources", List.of("github")));
        JsonNode r = only();
        assertThat(producer.history().get(0).key()).isEqualTo("ops");
        assertThat(r.path("token").asText()).isEqualTo("ops");
        assertThat(r.path("action").asText()).isEqualTo("replay.start");
        assertThat(r.path("time").asText()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(r.path("params").path("job").asText()).isEqualTo("j1");
        assertThat(r.path("params").path("sources").get(0).asText()).isEqualTo("github");
    }

    @Test
    void secretLookingParamsAreRedactedAtAnyDepth() throws Exception {
        audit.record("ops", "stream-token.create", Map.of("token", "tok-123", "filter",
                Map.of("apiKey", "k-456", "nested", List.of(Map.of("client_secret", "s-789"))), "topic", "t"));
        String text = new String(producer.history().get(0).value());
        assertThat(text).doesNotContain("tok-123").doesNotContain("k-456").doesNotContain("s-789");
        assertThat(only().path("params").path("topic").asText()).isEqualTo("t");
        assertThat(only().path("params").path("token").asText()).isEqualTo(AuditLog.REDACTED);
    }

    @Test
    void futureCompletesWhenKafkaHasTheRecord() throws Exception {
        assertThat(audit.record("ops", "reload", Map.of()).get()).isNull();
    }
}
