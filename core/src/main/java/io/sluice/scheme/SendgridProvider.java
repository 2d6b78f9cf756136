package io.sluice.scheme;

import java.time.Duration;
import java.time.Instant;

/**
 * SendGrid Event Webhook (signed): {@code X-Twilio-Email-Event-Webhook-Signature} = base64 DER
 * ECDSA P-256 / SHA-256 signature of {@code {timestamp}{body}} with
 * {@code X-Twilio-Email-Event-Webhook-Timestamp}, verified with the verification key SendGrid shows
 * (base64) in {@code secrets}. The body is a JSON array of events (a batch): id = SHA-256 of the body,
 * type = the first event's {@code /0/event}.
 */
final class SendgridProvider extends PublicKeyFamily {
    SendgridProvider() {
        super(PublicKeyRule.ecdsaP256("X-Twilio-Email-Event-Webhook-Signature").base64Key().template("{timestamp}{body}")
                .timestamp("X-Twilio-Email-Event-Webhook-Timestamp", Duration.ofMinutes(5))
                .typeFrom(io.sluice.config.ValueLocator.json("/0/event")));
    }

    @Override
    public String name() {
        return "sendgrid";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.jsonArray().subject("/0/sg_message_id").time("/0/timestamp")
                .attribute("email", "/0/email").attribute("sg_event_id", "/0/sg_event_id");
    }

    @Override
    public String sampleBody(Instant now) {
        return "[{\"email\":\"example@test.com\",\"timestamp\":" + now.getEpochSecond() + ",\"smtp-id\":"
                + "\"<14c5d75ce93.dfd.64b469@ismtpd-555>\",\"event\":\"delivered\",\"category\":\"cat facts\","
                + "\"sg_event_id\":\"rbtnWrG1DVDGGGFHFyun0A==\",\"sg_message_id\":\"14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0\"}]";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_VERIFIES;
    }

    @Override
    public String vectorOrigin() {
        return "node:crypto ECDSA per SendGrid's Event Webhook security docs, checked by @sendgrid/eventwebhook (tools/vectors)";
    }

    @Override
    public Example example() {
        return Example.keyPair("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEZzAnefrcq6Yjcu6QS6YfGhcdxHvfk9UMWqfjXfxRPIIzgUpM3+U2JHgYhyIdKWrCKclX/SMVxbjT9WnBN0c0gQ==",
                "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgYBO90HFx5ADGdPYRBbFKL4n1GDt0gNwyuxDAH8EdEY+hRANCAARnMCd5+tyrpiNy7pBLph8aFx3Ee9+T1Qxap+Nd/FE8gjOBSkzf5TYkeBiHIh0pasIpyVf9IxXFuNP1acE3RzSB");
    }
}
