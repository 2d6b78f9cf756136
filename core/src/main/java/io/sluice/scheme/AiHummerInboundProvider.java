package io.sluice.scheme;

import com.fasterxml.jackson.core.JsonPointer;
import io.sluice.config.SourceConfig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * AiHummer inbound endpoints: {@code X-AIHummer-Inbound-Secret} must equal a configured secret. No
 * timestamp. Id: SHA-256 of the body. Type: {@code inbound.<channel>} from body {@code /channel};
 * without a channel, {@code inbound.telegram} for Telegram updates (body {@code /update_id}, or a URL
 * ending in {@code /telegram}), else {@code inbound}.
 */
final class AiHummerInboundProvider extends TokenFamily {
    static final String SECRET_HEADER = "X-AIHummer-Inbound-Secret";
    static final JsonPointer CHANNEL = JsonPointer.compile("/channel");
    private static final JsonPointer UPDATE_ID = JsonPointer.compile("/update_id");

    AiHummerInboundProvider() {
        super(SECRET_HEADER, null, null);
    }

    @Override
    public String name() {
        return "aihummer-inbound";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/external_id").attribute("channel", "/channel")
                .attribute("external_id", "/external_id");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"channel\":\"email\",\"external_id\":\"ticket-" + UUID.randomUUID().toString().substring(0, 8)
                + "\",\"text\":\"A customer asks whether order #4821 has shipped.\"}";
    }

    @Override
    public Proof proof() {
        return Proof.CONTRACT;
    }

    @Override
    public String vectorOrigin() {
        return "tools/vectors: cases per AiHummer's inbound doc (a token equal to the secret)";
    }

    @Override
    String type(Inbound in) {
        String channel = in.jsonText(CHANNEL, "channel");
        if (channel != null && !channel.isBlank()) {
            return "inbound." + channel;
        }
        boolean telegram = !in.jsonAt(UPDATE_ID).isMissingNode()
                || in.url().toLowerCase(Locale.ROOT).split("\\?", 2)[0].endsWith("/telegram");
        return telegram ? "inbound.telegram" : "inbound";
    }
}
