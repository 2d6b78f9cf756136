package io.sluice.admin.replay;

import io.sluice.admin.replay.ReplayError.Code;
import io.sluice.admin.replay.ReplayRequestParser.Parsed;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayRequestParserTest {
    static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    static final String RANGE = "\"from\":\"2026-12-03T09:00:00Z\",\"to\":\"2026-12-03T10:00:00Z\"";
    final ReplayRequestParser parser = new ReplayRequestParser(Set.of("sluice.raw", "sluice-processor-replay-jobs"),
            Clock.fixed(NOW, ZoneOffset.UTC));

    private Parsed parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private ReplayRequest ok(String json) {
        Parsed p = parse(json);
        assertThat(p).isInstanceOf(Parsed.Ok.class);
        return ((Parsed.Ok) p).request();
    }

    private ReplayError invalid(String json) {
        Parsed p = parse(json);
        assertThat(p).isInstanceOf(Parsed.Invalid.class);
        return ((Parsed.Invalid) p).error();
    }

    @Test
    void fullRedeliverRequestIsParsed() {
        ReplayRequest r = ok("""
                {"job":"j-1","from":"2026-12-03T09:00:00Z","to":"2026-12-03T11:00:00+01:00",
                 "sources":["stripe","github","stripe"],"types":["charge.*"],"mode":"redeliver"}""");
        assertThat(r.job()).isEqualTo("j-1");
        assertThat(r.from()).isEqualTo(Instant.parse("2026-12-03T09:00:00Z"));
        assertThat(r.to()).isEqualTo(Instant.parse("2026-12-03T10:00:00Z"));
        assertThat(r.sources()).containsExactly("stripe", "github");
        assertThat(r.types()).containsExactly("charge.*");
        assertThat(r.mode()).isEqualTo(ReplayMode.REDELIVER);
        assertThat(r.topic()).isNull();
    }

    @Test
    void modeDefaultsToRedeliverAndFiltersToAll() {
        ReplayRequest r = ok("{\"job\":\"a\"," + RANGE + "}");
        assertThat(r.mode()).isEqualTo(ReplayMode.REDELIVER);
        assertThat(r.sources()).isEmpty();
        assertThat(r.types()).isEmpty();
    }

    @Test
    void missingJobIdIsGenerated() {
        ReplayRequest r = ok("{" + RANGE + "}");
        assertThat(r.job()).startsWith("replay-20261203T100000Z-");
        assertThat(JobIds.valid(r.job())).isTrue();
    }

    @Test
    void renormalizeTakesItsTopic() {
        ReplayRequest r = ok("{\"job\":\"r\"," + RANGE + ",\"mode\":\"renormalize\",\"topic\":\"fixed.events\"}");
        assertThat(r.mode()).isEqualTo(ReplayMode.RENORMALIZE);
        assertThat(r.topic()).isEqualTo("fixed.events");
    }

    @Test
    void fromAfterToIsInvalidRange() {
        assertThat(invalid("{\"from\":\"2026-12-03T10:00:00Z\",\"to\":\"2026-12-03T09:00:00Z\"}").code())
                .isEqualTo(Code.INVALID_RANGE);
    }

    @Test
    void emptyRangeIsInvalidRange() {
        assertThat(invalid("{\"from\":\"2026-12-03T10:00:00Z\",\"to\":\"2026-12-03T10:00:00Z\"}").code())
                .isEqualTo(Code.INVALID_RANGE);
    }

    @Test
    void unknownModeIsInvalidMode() {
        assertThat(invalid("{" + RANGE + ",\"mode\":\"resend\"}").code()).isEqualTo(Code.INVALID_MODE);
        assertThat(invalid("{" + RANGE + ",\"mode\":1}").code()).isEqualTo(Code.INVALID_MODE);
    }

    @Test
    void renormalizeWithoutTopicIsInvalidTopic() {
        assertThat(invalid("{" + RANGE + ",\"mode\":\"renormalize\"}").code()).isEqualTo(Code.INVALID_TOPIC);
    }

    @Test
    void renormalizeIntoTheRawTopicIsRefused() {
        assertThat(invalid("{" + RANGE + ",\"mode\":\"renormalize\",\"topic\":\"sluice.raw\"}").code())
                .isEqualTo(Code.INVALID_TOPIC);
    }

    @Test
    void illegalTopicNameIsRefused() {
        assertThat(invalid("{" + RANGE + ",\"mode\":\"renormalize\",\"topic\":\"../etc\"}").code())
                .isEqualTo(Code.INVALID_TOPIC);
        assertThat(invalid("{" + RANGE + ",\"mode\":\"renormalize\",\"topic\":\"..\"}").code())
                .isEqualTo(Code.INVALID_TOPIC);
    }

    @Test
    void topicWithRedeliverIsRefused() {
        assertThat(invalid("{" + RANGE + ",\"topic\":\"x\"}").code()).isEqualTo(Code.INVALID_REQUEST);
    }

    @Test
    void garbageIsInvalidJson() {
        assertThat(invalid("{not json").code()).isEqualTo(Code.INVALID_JSON);
    }

    @Test
    void trailingGarbageIsInvalidJson() {
        assertThat(invalid("{" + RANGE + "} x").code()).isEqualTo(Code.INVALID_JSON);
    }

    @Test
    void emptyBodyOrNonObjectIsInvalidJson() {
        assertThat(parser.parse(new byte[0])).isInstanceOf(Parsed.Invalid.class);
        assertThat(invalid("[]").code()).isEqualTo(Code.INVALID_JSON);
        assertThat(invalid("null").code()).isEqualTo(Code.INVALID_JSON);
    }

    @Test
    void missingFromIsInvalidRequestNamingTheField() {
        ReplayError e = invalid("{\"to\":\"2026-12-03T10:00:00Z\"}");
        assertThat(e.code()).isEqualTo(Code.INVALID_REQUEST);
        assertThat(e.detail()).startsWith("from");
    }

    @Test
    void unparseableTimeIsInvalidTime() {
        assertThat(invalid("{\"from\":\"yesterday\",\"to\":\"2026-12-03T10:00:00Z\"}").code())
                .isEqualTo(Code.INVALID_TIME);
        assertThat(invalid("{\"from\":12345,\"to\":\"2026-12-03T10:00:00Z\"}").code()).isEqualTo(Code.INVALID_TIME);
        assertThat(invalid("{\"from\":\"2026-12-03T09:00:00\",\"to\":\"2026-12-03T10:00:00Z\"}").code())
                .as("a time without offset is ambiguous").isEqualTo(Code.INVALID_TIME);
    }

    @Test
    void tenKilobyteJobIdIsInvalid() {
        String id = "a".repeat(10_240);
        assertThat(invalid("{\"job\":\"" + id + "\"," + RANGE + "}").code()).isEqualTo(Code.INVALID_JOB_ID);
    }

    @Test
    void pathTraversalAndOddJobIdsAreInvalid() {
        for (String id : new String[]{"../x", "..", "a/b", "%2e%2e", ".hidden", "a b", "", "a\\u0000"}) {
            assertThat(invalid("{\"job\":\"" + id + "\"," + RANGE + "}").code()).as(id).isEqualTo(Code.INVALID_JOB_ID);
        }
        assertThat(invalid("{\"job\":42," + RANGE + "}").code()).isEqualTo(Code.INVALID_JOB_ID);
    }

    @Test
    void unknownFieldIsRefusedByName() {
        ReplayError e = invalid("{\"source\":[\"x\"]," + RANGE + "}");
        assertThat(e.code()).isEqualTo(Code.INVALID_REQUEST);
        assertThat(e.detail()).contains("'source'");
    }

    @Test
    void filtersMustBeArraysOfStrings() {
        assertThat(invalid("{\"sources\":\"stripe\"," + RANGE + "}").code()).isEqualTo(Code.INVALID_REQUEST);
        assertThat(invalid("{\"types\":[1]," + RANGE + "}").code()).isEqualTo(Code.INVALID_REQUEST);
        assertThat(invalid("{\"types\":[\"\"]," + RANGE + "}").code()).isEqualTo(Code.INVALID_REQUEST);
    }
}
