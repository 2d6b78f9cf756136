package io.sluice.scheme;

import com.fasterxml.jackson.core.JsonPointer;
import io.sluice.config.ValueLocator;

import java.time.Instant;
import java.util.UUID;

/**
 * GoCardless: {@code Webhook-Signature} = hex HMAC-SHA256 of the raw body, keyed with the endpoint secret.
 * No timestamp is signed. A delivery is a batch {@code {"events":[…],"meta":{"webhook_id":"WB…"}}}: the
 * webhook id is the event id (required; kept across retries); the first event gives the type
 * {@code <resource_type>.<action>} (e.g. {@code payments.confirmed}), time and subject.
 */
final class GocardlessProvider extends HmacFamily {
    private static final JsonPointer RESOURCE = JsonPointer.compile("/events/0/resource_type");
    private static final JsonPointer ACTION = JsonPointer.compile("/events/0/action");

    GocardlessProvider() {
        super(HmacRule.header("Webhook-Signature").idFrom(ValueLocator.json("/meta/webhook_id")));
    }

    @Override
    public String name() {
        return "gocardless";
    }

    @Override
    String type(Inbound in) {
        String resource = in.jsonText(RESOURCE, "event type");
        String action = in.jsonText(ACTION, "event type");
        if (resource == null || action == null) {
            return "";
        }
        return resource + "." + action;
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json()
                .subject("/events/0/links/payment", "/events/0/links/mandate", "/events/0/links/subscription",
                        "/events/0/links/refund", "/events/0/links/payout", "/events/0/links/customer")
                .time("/events/0/created_at").attribute("first_event_id", "/events/0/id")
                .attribute("resource_type", "/events/0/resource_type").attribute("action", "/events/0/action")
                .attribute("cause", "/events/0/details/cause");
    }

    @Override
    public String sampleBody(Instant now) {
        String n = UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
        return "{\"events\":[{\"id\":\"EV" + n + "\",\"created_at\":\"" + now + "\",\"resource_type\":\"payments\","
                + "\"action\":\"confirmed\",\"links\":{\"payment\":\"PM" + n + "\"},\"details\":{\"origin\":\"gocardless\","
                + "\"cause\":\"payment_confirmed\"},\"metadata\":{}}],\"meta\":{\"webhook_id\":\"WB" + n + "\"}}";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_VERIFIES;
    }

    @Override
    public String vectorOrigin() {
        return "Node crypto per gocardless-nodejs, checked by its webhooks.parse (tools/vectors/package-lock.json)";
    }
}
