package io.sluice.scheme;

import io.sluice.config.ValueLocator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * ElevenLabs: {@code ElevenLabs-Signature: t=<seconds>,v0=<hex>} = HMAC-SHA256 of {@code {t}.{body}} keyed
 * with the webhook's shared secret as text; 30 minutes tolerance (the official SDK's {@code constructEvent}).
 * Bodies ({@code type}, {@code event_timestamp}, {@code data}) carry no delivery id, and one conversation
 * sends several events (transcription, audio), so the id is the SHA-256 of the body. Type: body {@code /type}.
 */
final class ElevenlabsProvider extends ParamsHeaderFamily {
    ElevenlabsProvider() {
        super(new Rule("ElevenLabs-Signature", ",", "t", "v0", ".", false, Duration.ofMinutes(30),
                List.of(), List.of(ValueLocator.json("/type"))));
    }

    @Override
    public String name() {
        return "elevenlabs";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/data/conversation_id").time("/event_timestamp")
                .attribute("agent_id", "/data/agent_id").attribute("status", "/data/status");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"type\":\"post_call_transcription\",\"event_timestamp\":" + now.getEpochSecond()
                + ",\"data\":{\"agent_id\":\"agent_7101k5zvyjhmfg983brhmhkd98n6\",\"conversation_id\":\"conv_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 28)
                + "\",\"status\":\"done\",\"transcript\":[{\"role\":\"agent\",\"message\":\"Hello!\"}]}}";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_VERIFIES;
    }

    @Override
    public String vectorOrigin() {
        return "node crypto per ElevenLabs' webhook docs, checked by @elevenlabs/elevenlabs-js webhooks.constructEvent (tools/vectors/package-lock.json)";
    }
}
