package io.sluice.scheme;

import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Okta event hooks: the hook's authentication header ({@code Authorization}) carries the configured
 * secret value as is. Id: body {@code /eventId} (required); type: the first event's {@code eventType}
 * ({@code user.session.start}…; one delivery may carry several events, all kept in {@code data}).
 * One-time verification: a {@code GET} with {@code X-Okta-Verification-Challenge} is answered with
 * {@code {"verification": "<value>"}}, as Okta documents.
 */
final class OktaProvider extends TokenFamily {
    static final String CHALLENGE_HEADER = "X-Okta-Verification-Challenge";
    private static final int MAX_CHALLENGE = 256;

    OktaProvider() {
        super("Authorization", ValueLocator.json("/eventId"), null);
    }

    @Override
    public String name() {
        return "okta";
    }

    @Override
    String type(Inbound in) {
        String t = in.read(ValueLocator.json("/data/events/0/eventType"), "event type");
        return t == null ? "" : t;
    }

    @Override
    public Handshake handshake() {
        return ONE_TIME_VERIFICATION;
    }

    private static final Handshake ONE_TIME_VERIFICATION = new Handshake() {
        @Override
        public String describe() {
            return "GET X-Okta-Verification-Challenge: {verification} echoed";
        }

        @Override
        public HandshakeReply unsigned(HandshakeRequest request, SourceConfig source) {
            if (!request.isGet()) {
                return null;
            }
            String challenge = request.header(CHALLENGE_HEADER);
            return challenge == null || challenge.length() > MAX_CHALLENGE
                    ? HandshakeReply.refused(400, "bad_request", "an Okta verification request carries " + CHALLENGE_HEADER)
                    : HandshakeReply.json(Map.of("verification", challenge));
        }
    };

    @Override
    public EventRules events() {
        return EventRules.json().subject("/data/events/0/target/0/id", "/data/events/0/actor/id")
                .time("/eventTime", "/data/events/0/published")
                .attribute("actor", "/data/events/0/actor/alternateId").attribute("outcome", "/data/events/0/outcome/result")
                .attribute("source", "/source");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"eventType\":\"com.okta.event_hook\",\"eventTypeVersion\":\"1.0\",\"eventId\":\"" + UUID.randomUUID()
                + "\",\"eventTime\":\"" + now + "\",\"data\":{\"events\":[{\"eventType\":\"user.session.start\","
                + "\"published\":\"" + now + "\",\"actor\":{\"id\":\"00u1qw1mqitPHM8AJ0g7\",\"alternateId\":\"ana@example.com\"},"
                + "\"outcome\":{\"result\":\"SUCCESS\"}}]},\"contentType\":\"application/json\"}";
    }

    @Override
    public Proof proof() {
        return Proof.PUBLISHED_EXAMPLE;
    }

    @Override
    public String vectorOrigin() {
        return "Okta's published one-time verification request, verbatim (support.okta.com: Authorization sent as is, the handshake); deliveries per developer.okta.com event hooks";
    }
}
