package io.sluice.scheme;

import java.time.Instant;

/**
 * Airtable: {@code X-Airtable-Content-MAC: hmac-sha256=<hex>} = HMAC-SHA256 of the body keyed with the
 * base64-decoded {@code macSecretBase64} Airtable returns when the webhook is created (the source's
 * secret is that base64 text). The body is a notification ping (base, webhook, timestamp) that carries
 * no id and no type: the id is the SHA-256 of the body, the type is empty.
 */
final class AirtableProvider extends HmacFamily {
    AirtableProvider() {
        super(HmacRule.header("X-Airtable-Content-MAC").prefix("hmac-sha256=").base64Key());
    }

    @Override
    public String name() {
        return "airtable";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/base/id").time("/timestamp").attribute("webhook_id", "/webhook/id");
    }

    @Override
    public Example example() {
        return Example.secret("c2x1aWNlLWV4YW1wbGUtYWlydGFibGUtbWFjLXNlY3JldA==");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"base\":{\"id\":\"appDemo0000000001\"},\"webhook\":{\"id\":\"achDemo0000000001\"},\"timestamp\":\"" + now + "\"}";
    }

    @Override
    public String vectorOrigin() {
        return "node-crypto replicating Airtable's documented example (airtable.com developers webhooks overview)";
    }
}
