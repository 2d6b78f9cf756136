package io.sluice.scheme;

import com.fasterxml.jackson.core.JsonPointer;
import io.sluice.config.Secret;
import io.sluice.config.SourceConfig;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * AiHummer inbound endpoints: {@code X-AIHummer-Inbound-Secret} must equal a configured secret. No
 * timestamp. Id: SHA-256 of the body. Type: {@code inbound.<channel>} from body {@code /channel};
 * without a channel, {@code inbound.telegram} for Telegram updates (body {@code /update_id}, or a URL
 * ending in {@code /telegram}), else {@code inbound}.
 */
final class AiHummerInboundScheme extends Scheme {
    static final String SECRET_HEADER = "X-AIHummer-Inbound-Secret";
    static final JsonPointer CHANNEL = JsonPointer.compile("/channel");
    private static final JsonPointer UPDATE_ID = JsonPointer.compile("/update_id");

    /** SHA-256 of each secret: comparing fixed-length digests hides the secret's length too. */
    private final List<byte[]> digests;

    AiHummerInboundScheme(SourceConfig source, Clock clock) {
        super(source, clock, Duration.ZERO);
        this.digests = source.secrets().stream().map(Secret::utf8).map(Codec::sha256).toList();
    }

    @Override
    Verification check(Inbound in) {
        byte[] given = Codec.sha256(Codec.utf8(required(in, SECRET_HEADER, Reason.MISSING_SIGNATURE)));
        boolean ok = false;
        for (byte[] d : digests) {
            ok |= MessageDigest.isEqual(d, given);
        }
        if (!ok) {
            throw new Rejection(Reason.INVALID_SIGNATURE, SECRET_HEADER + " does not match any configured secret");
        }
        return new Verification.Verified(eventId(in, List.of(), true), eventType(in), null, null);
    }

    @Override
    String presetType(Inbound in) {
        String channel = in.jsonText(CHANNEL, "channel");
        if (channel != null && !channel.isBlank()) {
            return "inbound." + channel;
        }
        boolean telegram = !in.json().at(UPDATE_ID).isMissingNode()
                || in.url().toLowerCase(Locale.ROOT).split("\\?", 2)[0].endsWith("/telegram");
        return telegram ? "inbound.telegram" : "inbound";
    }

    @Override
    public Map<String, String> sign(SignRequest r) {
        Map<String, String> h = headers();
        h.put(SECRET_HEADER, source.secrets().get(0).reveal());
        return h;
    }
}
