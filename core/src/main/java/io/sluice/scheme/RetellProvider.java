package io.sluice.scheme;

import io.sluice.config.ValueLocator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Retell AI: {@code x-retell-signature: v=<milliseconds>,d=<hex>} = HMAC-SHA256 of the raw body followed by the
 * timestamp's digits, keyed with the Retell API key that carries the webhook badge (the source's secret); 5
 * minutes either way (the official SDK's {@code verify}). Bodies ({@code event} plus a {@code call} or
 * {@code chat} object) carry no delivery id, and one call sends many events (started, ended, analyzed, each
 * transcript update), so the id is the SHA-256 of the body. Type: body {@code /event}.
 */
final class RetellProvider extends ParamsHeaderFamily {
    RetellProvider() {
        super(new Rule("x-retell-signature", ",", "v", "d", "", true, Duration.ofMinutes(5),
                List.of(), List.of(ValueLocator.json("/event")), false, true));
    }

    @Override
    public String name() {
        return "retell";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/call/call_id", "/chat/chat_id")
                .time("/call/end_timestamp", "/call/start_timestamp", "/chat/end_timestamp", "/chat/start_timestamp")
                .attribute("agent_id", "/call/agent_id").attribute("call_status", "/call/call_status")
                .attribute("call_type", "/call/call_type").attribute("chat_agent_id", "/chat/agent_id");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"event\":\"call_ended\",\"call\":{\"call_type\":\"phone_call\",\"from_number\":\"+12137771234\","
                + "\"to_number\":\"+12137771235\",\"direction\":\"inbound\",\"call_id\":\"Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6\","
                + "\"agent_id\":\"oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD\",\"call_status\":\"ended\",\"start_timestamp\":"
                + (now.toEpochMilli() - 60_000) + ",\"end_timestamp\":" + now.toEpochMilli()
                + ",\"disconnection_reason\":\"user_hangup\",\"metadata\":{\"ref\":\"" + UUID.randomUUID() + "\"}}}";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_SIGNS;
    }

    @Override
    public String vectorOrigin() {
        return "retell-sdk sign, checked by retell-sdk verify (tools/vectors/package-lock.json)";
    }
}
