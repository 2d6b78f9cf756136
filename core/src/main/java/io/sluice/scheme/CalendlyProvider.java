package io.sluice.scheme;

import io.sluice.config.ValueLocator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Calendly: {@code Calendly-Webhook-Signature: t=<seconds>,v1=<hex>} = HMAC-SHA256 of {@code {t}.{body}}
 * with the webhook signing key; 3 minutes tolerance, as Calendly's example. Bodies carry no id: the id
 * is the SHA-256 of the body (a retry repeats the body). Type: body {@code /event}.
 */
final class CalendlyProvider extends ParamsHeaderFamily {
    CalendlyProvider() {
        super(new Rule("Calendly-Webhook-Signature", ",", "t", "v1", ".", false, Duration.ofMinutes(3),
                List.of(), List.of(ValueLocator.json("/event"))));
    }

    @Override
    public String name() {
        return "calendly";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/payload/uri").time("/created_at")
                .attribute("email", "/payload/email").attribute("scheduled_event", "/payload/scheduled_event/uri")
                .attribute("status", "/payload/status").attribute("created_by", "/created_by");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"created_at\":\"" + now + "\",\"created_by\":\"https://api.calendly.com/users/AAAAAAAAAAAAAAAA\","
                + "\"event\":\"invitee.created\",\"payload\":{\"uri\":\"https://api.calendly.com/scheduled_events/"
                + "GBGBDCAADAEDCRZ2/invitees/" + java.util.UUID.randomUUID() + "\",\"email\":\"ana@example.com\","
                + "\"status\":\"active\"}}";
    }

    @Override
    public String vectorOrigin() {
        return "node-crypto replicating Calendly's documented verification example (developer.calendly.com webhook signatures)";
    }
}
