package io.sluice.scheme;

import io.sluice.config.ValueLocator;

import java.time.Duration;
import java.time.Instant;

/**
 * HubSpot (signature v3): {@code X-HubSpot-Signature-v3} = base64 HMAC-SHA256 of
 * {@code POST<public URL><raw body><X-HubSpot-Request-Timestamp>}, keyed with the app's client secret; the
 * timestamp is in milliseconds and must be within 5 minutes. The URL is the source's {@code public-url}. A
 * delivery is a JSON array of up to 100 events with no delivery id: the id is the SHA-256 of the body; the
 * first event gives the type ({@code subscriptionType}), time and subject.
 */
final class HubspotProvider extends HmacFamily {
    HubspotProvider() {
        super(HmacRule.header("X-HubSpot-Signature-v3").base64().template("POST{url}{body}{timestamp}")
                .millisTimestamp(ValueLocator.header("X-HubSpot-Request-Timestamp"), Duration.ofSeconds(300))
                .typeFrom(ValueLocator.json("/0/subscriptionType")));
    }

    @Override
    public String name() {
        return "hubspot";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.jsonArray().subject("/0/objectId").time("/0/occurredAt")
                .attribute("portal_id", "/0/portalId").attribute("app_id", "/0/appId")
                .attribute("hubspot_event_id", "/0/eventId").attribute("attempt", "/0/attemptNumber");
    }

    @Override
    public String sampleBody(Instant now) {
        return "[{\"eventId\":" + (now.toEpochMilli() % 1_000_000_000L) + ",\"subscriptionId\":2847341,\"portalId\":62515,"
                + "\"appId\":1160452,\"occurredAt\":" + now.toEpochMilli() + ",\"subscriptionType\":\"contact.creation\","
                + "\"attemptNumber\":0,\"objectId\":512,\"changeFlag\":\"NEW\",\"changeSource\":\"CRM\"}]";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_SIGNS;
    }

    @Override
    public String vectorOrigin() {
        return "@hubspot/api-client Signature.getSignature (v3), checked by Signature.isValid (tools/vectors/package-lock.json)";
    }
}
