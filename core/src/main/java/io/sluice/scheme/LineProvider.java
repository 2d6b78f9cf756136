package io.sluice.scheme;

import io.sluice.config.ValueLocator;

import java.time.Instant;
import java.util.UUID;

/**
 * LINE Messaging API: {@code x-line-signature} = base64 HMAC-SHA256 of the raw body, keyed with the channel
 * secret's UTF-8 bytes; no timestamp is signed. A delivery is {@code {"destination":…,"events":[…]}}, possibly
 * several events and possibly none (the console's "Verify" button posts an empty {@code events}, signed like
 * any delivery, and expects a 200). There is no delivery id: the id is the SHA-256 of the body, and a
 * redelivery (its events carry {@code deliveryContext.isRedelivery: true}) gets a new one, so consumers
 * dedupe single events on {@code webhookEventId} (the first event's is the {@code webhook_event_id}
 * attribute). Type, time and subject come from the first event.
 */
final class LineProvider extends HmacFamily {
    LineProvider() {
        super(HmacRule.header("x-line-signature").base64().typeFrom(ValueLocator.json("/events/0/type")));
    }

    @Override
    public String name() {
        return "line";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/events/0/source/userId", "/events/0/source/groupId", "/events/0/source/roomId")
                .time("/events/0/timestamp").attribute("destination", "/destination")
                .attribute("webhook_event_id", "/events/0/webhookEventId")
                .attribute("redelivery", "/events/0/deliveryContext/isRedelivery")
                .attribute("mode", "/events/0/mode");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"destination\":\"U8e5e2a4bc0c3f2a1d9b7e6f5a4c3b2a1\",\"events\":[{\"type\":\"message\",\"message\":{\"type\":\"text\","
                + "\"id\":\"468789577898262530\",\"quoteToken\":\"q3Plxr4AgKd\",\"text\":\"Hello from Sluice\"},\"webhookEventId\":\""
                + UUID.randomUUID().toString().replace("-", "").substring(0, 26).toUpperCase() + "\",\"deliveryContext\":"
                + "{\"isRedelivery\":false},\"timestamp\":" + now.toEpochMilli() + ",\"source\":{\"type\":\"user\","
                + "\"userId\":\"U4af4980629a1b2c3d4e5f60718293a4b\"},\"replyToken\":\"b60d432864f44d079f6d8efe86cf404b\",\"mode\":\"active\"}]}";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_VERIFIES;
    }

    @Override
    public String vectorOrigin() {
        return "Node crypto per LINE's \"Verify webhook signature\", each case checked by @line/bot-sdk validateSignature "
                + "(tools/vectors/package-lock.json)";
    }
}
