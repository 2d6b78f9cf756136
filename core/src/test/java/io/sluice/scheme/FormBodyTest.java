package io.sluice.scheme;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Form bodies as the URL-signed providers read them: subject and attributes of Twilio's and Plivo's
 * callbacks (pinned, since the topology tests compare against the provider itself).
 */
class FormBodyTest {
    private static final String FORM = "application/x-www-form-urlencoded";

    private static EventDetails details(String scheme, String body, String contentType) {
        return Providers.get(scheme).details(new Payload(body.getBytes(StandardCharsets.UTF_8), contentType),
                Fixtures.source(scheme, Fixtures.SECRET));
    }

    @Test
    void twilioSubjectIsTheMessageSidAndEmptyAttributesAreLeftOut() {
        EventDetails d = details("twilio", "CallSid=CA1&MessageSid=SM1&AccountSid=AC1&From=%2B1415&To=&Body=hi", FORM);
        assertThat(d.subject()).isEqualTo("SM1");
        assertThat(d.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("AccountSid", "AC1", "From", "+1415"));
    }

    @Test
    void twilioSubjectFallsBackToTheCallSid() {
        assertThat(details("twilio", "CallSid=CA1&CallStatus=ringing", FORM).subject()).isEqualTo("CA1");
    }

    @Test
    void plivoSubjectIsTheCallUuidElseTheMessageUuid() {
        EventDetails call = details("plivo", "MessageUUID=M1&CallUUID=C1&From=1&To=2&Direction=inbound&Event=Hangup", FORM);
        assertThat(call.subject()).isEqualTo("C1");
        assertThat(call.attributes()).containsExactlyInAnyOrderEntriesOf(
                Map.of("From", "1", "To", "2", "Direction", "inbound", "Event", "Hangup"));
        assertThat(details("plivo", "MessageUUID=M1&Status=delivered", FORM).subject()).isEqualTo("M1");
    }

    @Test
    void aBodyThatIsNotFormEncodedHasNoDetails() {
        EventDetails d = details("twilio", "MessageSid=SM1&From=1", "application/json");
        assertThat(d.subject()).isNull();
        assertThat(d.attributes()).isEmpty();
    }

    @Test
    void parseKeepsEveryValueOfARepeatedName() {
        assertThat(FormBody.parse("a=1&b=x+y&a=2&c".getBytes(StandardCharsets.UTF_8)))
                .containsExactlyInAnyOrderEntriesOf(Map.of("a", List.of("1", "2"), "b", List.of("x y"), "c", List.of("")));
    }

    @Test
    void parseRefusesAMalformedEscape() {
        assertThat(FormBody.parse("a=%zz".getBytes(StandardCharsets.UTF_8))).isNull();
    }
}
