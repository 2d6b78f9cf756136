package io.sluice.scheme;

import io.sluice.config.ValueLocator;

import java.time.Instant;
import java.util.UUID;

/**
 * Typeform: {@code Typeform-Signature: sha256=<base64>} = HMAC-SHA256 of the body with the webhook's
 * secret. No timestamp. Id: body {@code /event_id} (required); type: body {@code /event_type}
 * ({@code form_response}).
 */
final class TypeformProvider extends HmacFamily {
    TypeformProvider() {
        super(HmacRule.header("Typeform-Signature").base64().prefix("sha256=")
                .idFrom(ValueLocator.json("/event_id"))
                .typeFrom(ValueLocator.json("/event_type")));
    }

    @Override
    public String name() {
        return "typeform";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/form_response/form_id").time("/form_response/submitted_at")
                .attribute("form_id", "/form_response/form_id").attribute("token", "/form_response/token");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"event_id\":\"" + UUID.randomUUID() + "\",\"event_type\":\"form_response\",\"form_response\":"
                + "{\"form_id\":\"lT4Z3j\",\"token\":\"a3a12ec67a1365927098a606107fac15\",\"submitted_at\":\"" + now
                + "\",\"answers\":[{\"type\":\"text\",\"text\":\"Great\"}]}}";
    }

    @Override
    public String vectorOrigin() {
        return "node-crypto replicating Typeform's documented example (typeform.com/developers/webhooks/secure-your-webhooks)";
    }
}
