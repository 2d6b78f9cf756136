package io.sluice.ingress;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.scheme.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RepliesTest {
    private final Replies replies = new Replies(new ObjectMapper(), Duration.ofSeconds(5));

    private static String body(Reply r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void acceptedIsStatusAcceptedWithTheEventId() {
        Reply r = replies.accepted("evt_1\"x");
        assertThat(r.status()).isEqualTo(200);
        assertThat(body(r)).isEqualTo("{\"status\":\"accepted\",\"id\":\"evt_1\\\"x\"}");
        assertThat(r.contentType()).isEqualTo("application/json");
    }

    /** The accepted body is written without the mapper: it must be byte for byte what the mapper writes. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"evt_1", "a\"b\\c/d", "tab\tnl\ncr\r\u0001\u001f",
            "caf\u00e9 \u65e5\u672c \ud83d\ude00", "", "<script>&amp;'"})
    void acceptedBodyIsWhatTheMapperWrites(String id) throws Exception {
        byte[] expected = new ObjectMapper().writeValueAsBytes(new Replies.AcceptedBody("accepted", id));
        assertThat(replies.accepted(id).body()).isEqualTo(expected);
    }

    @Test
    void acceptedWithABrokenSurrogateStillAnswers() throws Exception {
        String id = "x\ud800y";
        Reply r = replies.accepted(id);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(new ObjectMapper().writeValueAsBytes(new Replies.AcceptedBody("accepted", id)));
    }

    @ParameterizedTest
    @EnumSource(Reason.class)
    void everyReasonIsAnsweredWithItsOwnStatusAndCode(Reason reason) {
        Reply r = replies.rejected(reason, "header X is missing");
        assertThat(r.status()).isEqualTo(reason.status());
        assertThat(body(r)).startsWith("{\"error\":\"" + reason.code() + "\"");
        assertThat(r.outcome()).isEqualTo(reason.code());
    }

    @Test
    void badRequestsCarryTheDetail() {
        assertThat(body(replies.rejected(Reason.MISSING_SIGNATURE, "X-Hub-Signature-256 is missing")))
                .isEqualTo("{\"error\":\"missing_signature\",\"detail\":\"X-Hub-Signature-256 is missing\"}");
    }

    @Test
    void unauthorizedAnswersCarryNoDetail() {
        assertThat(body(replies.rejected(Reason.INVALID_SIGNATURE, "expected abc got def")))
                .isEqualTo("{\"error\":\"invalid_signature\"}");
        assertThat(body(replies.rejected(Reason.TIMESTAMP_OUT_OF_TOLERANCE, "skew 400s")))
                .isEqualTo("{\"error\":\"timestamp_out_of_tolerance\"}");
    }

    @Test
    void unavailableIs503WithRetryAfter() {
        Reply r = replies.failure(Failure.UNAVAILABLE);
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.headers()).containsEntry("Retry-After", "5");
        assertThat(body(r)).isEqualTo("{\"error\":\"unavailable\"}");
    }

    @Test
    void methodNotAllowedIs405WithAllowPost() {
        Reply r = replies.failure(Failure.METHOD_NOT_ALLOWED);
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.headers()).containsEntry("Allow", "POST");
    }

    @Test
    void tooLargeAndTimeoutCloseTheConnection() {
        assertThat(replies.failure(Failure.PAYLOAD_TOO_LARGE).close()).isTrue();
        assertThat(replies.failure(Failure.PAYLOAD_TOO_LARGE).status()).isEqualTo(413);
        assertThat(body(replies.failure(Failure.PAYLOAD_TOO_LARGE))).isEqualTo("{\"error\":\"payload_too_large\"}");
        assertThat(replies.failure(Failure.REQUEST_TIMEOUT).close()).isTrue();
        assertThat(replies.failure(Failure.UNKNOWN_SOURCE).close()).isFalse();
    }

    @Test
    void unknownSourceIs404() {
        assertThat(replies.failure(Failure.UNKNOWN_SOURCE).status()).isEqualTo(404);
        assertThat(body(replies.failure(Failure.UNKNOWN_SOURCE))).isEqualTo("{\"error\":\"unknown_source\"}");
    }

    @Test
    void retryAfterIsAtLeastOneSecond() {
        assertThat(new Replies(new ObjectMapper(), Duration.ofMillis(10)).failure(Failure.UNAVAILABLE).headers())
                .containsEntry("Retry-After", "1");
    }
}
