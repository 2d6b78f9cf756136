package io.sluice.scheme;

import io.sluice.config.ValueLocator;

import java.time.Duration;
import java.time.Instant;

/**
 * Webflow (webhooks of OAuth apps, and those created through the API): {@code x-webflow-signature} = hex
 * HMAC-SHA256 of {@code <x-webflow-timestamp>:<raw body>}, keyed with the app's client secret (or the
 * webhook's own secret); the timestamp is in milliseconds and Webflow says to refuse requests older than
 * 5 minutes. No delivery id is sent: the id is the SHA-256 of the body. Type: body {@code /triggerType}.
 */
final class WebflowProvider extends HmacFamily {
    WebflowProvider() {
        super(HmacRule.header("x-webflow-signature").template("{timestamp}:{body}")
                .millisTimestamp(ValueLocator.header("x-webflow-timestamp"), Duration.ofMinutes(5))
                .typeFrom(ValueLocator.json("/triggerType")));
    }

    @Override
    public String name() {
        return "webflow";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/payload/id", "/payload/orderId", "/payload/pageId", "/payload/siteId")
                .time("/payload/submittedAt", "/payload/lastUpdated", "/payload/createdOn", "/payload/acceptedOn",
                        "/payload/lastPublished")
                .attribute("site_id", "/payload/siteId").attribute("form_id", "/payload/formId")
                .attribute("collection_id", "/payload/collectionId");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"triggerType\":\"form_submission\",\"payload\":{\"name\":\"Contact Us\",\"siteId\":\"65427cf400e02b306eaa049c\","
                + "\"data\":{\"First Name\":\"Zaphod\",\"email\":\"zaphod@heartofgold.ai\"},\"submittedAt\":\"" + now + "\","
                + "\"id\":\"6321ca84df3949bfc6752327\",\"formId\":\"65429eadebe8a9f3a30f62d0\"}}";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_VERIFIES;
    }

    @Override
    public String vectorOrigin() {
        return "node crypto per Webflow's \"Validating request signatures\", each case checked by webflow-api "
                + "webhooks.verifySignature (tools/vectors/package-lock.json)";
    }
}
