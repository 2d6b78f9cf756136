package io.sluice.app;

import io.sluice.config.SourceConfig;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** Realistic example bodies per scheme, for the ready-to-paste {@code curl} that {@code up} prints. */
final class Samples {
    private Samples() {
    }

    static byte[] body(SourceConfig source, Instant now) {
        long ts = now.getEpochSecond();
        String json = switch (source.scheme()) {
            case HYPERSPELL -> "{\"event\":\"index-completed\",\"app\":\"demo-app\",\"user_id\":\"user-42\","
                    + "\"source\":\"notion\",\"resource_id\":\"page-" + shortId() + "\",\"timestamp\":" + ts + "}";
            case HUME -> "{\"event_name\":\"chat_started\",\"chat_id\":\"" + UUID.randomUUID()
                    + "\",\"chat_group_id\":\"" + UUID.randomUUID() + "\",\"config_id\":null,"
                    + "\"caller_number\":null,\"custom_session_id\":null,\"start_time\":" + now.toEpochMilli()
                    + ",\"chat_start_type\":\"new_chat_group\"}";
            case HYPONEMA -> "{\"event_id\":\"" + UUID.randomUUID() + "\",\"type\":\"response.completed\",\"data\":{}}";
            case AIHUMMER_INBOUND -> "{\"channel\":\"email\",\"external_id\":\"ticket-" + shortId()
                    + "\",\"text\":\"A customer asks whether order #4821 has shipped.\"}";
            case AIHUMMER_TRIGGER -> "{\"channel\":\"zapier\",\"external_id\":\"lead-" + shortId()
                    + "\",\"text\":\"New lead captured from the contact form.\"}";
            case STRIPE -> "{\"id\":\"evt_" + shortId() + "\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\","
                    + "\"created\":" + ts + ",\"data\":{\"object\":{\"id\":\"pi_" + shortId() + "\"}}}";
            case SLACK -> "{\"type\":\"event_callback\",\"team_id\":\"T123\",\"event_id\":\"Ev" + shortId()
                    + "\",\"event_time\":" + ts + ",\"event\":{\"type\":\"message\",\"channel\":\"C1\",\"text\":\"hi\"}}";
            case STANDARD_WEBHOOKS -> "{\"type\":\"invoice.paid\",\"timestamp\":\"" + now + "\",\"data\":{\"id\":\"inv_"
                    + shortId() + "\"}}";
            default -> "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"demo.event\",\"timestamp\":" + ts + "}";
        };
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
