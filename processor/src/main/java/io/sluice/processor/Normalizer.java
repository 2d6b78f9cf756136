package io.sluice.processor;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.config.SchemeKind;
import io.sluice.config.SluiceConfig;
import io.sluice.config.SourceConfig;
import io.sluice.schemas.WebhookEvent;
import org.apache.kafka.common.header.Headers;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns a raw record (headers written by the ingress + the body as received) into a
 * {@link WebhookEvent}. Pure: no Kafka, no clock; the same input always gives the same output.
 *
 * <p>Envelope fields come from the {@code sluice.*} headers; {@code subject}, {@code time} and
 * {@code attributes} from the body, by the scheme of the source named in {@code sluice.source}
 * (see docs/processor.md for the table).
 */
public final class Normalizer {
    static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
    /**
     * Schemes whose bodies are always JSON objects (the ingress reads type or id from them): a non-JSON
     * body here means the record is corrupt. Slack is not among them: slash commands and
     * interactivity arrive form-encoded.
     */
    private static final Set<SchemeKind> JSON_REQUIRED = EnumSet.of(SchemeKind.HYPERSPELL, SchemeKind.HUME,
            SchemeKind.AIHUMMER_INBOUND, SchemeKind.AIHUMMER_TRIGGER, SchemeKind.STANDARD_WEBHOOKS,
            SchemeKind.STRIPE);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Map<String, SourceConfig> sources;

    public Normalizer(SluiceConfig config) {
        this.sources = config.sources().stream().collect(Collectors.toUnmodifiableMap(SourceConfig::name,
                Function.identity()));
    }

    public Normalization normalize(byte[] key, byte[] body, Headers headers) {
        if (key == null || key.length == 0) {
            return new Normalization.Rejected(DlqReason.MISSING_KEY, "record has no key");
        }
        String source = RawHeaders.text(headers, RawHeaders.SOURCE);
        String id = RawHeaders.text(headers, RawHeaders.EVENT_ID);
        String type = RawHeaders.text(headers, RawHeaders.EVENT_TYPE);
        String receivedAt = RawHeaders.text(headers, RawHeaders.RECEIVED_AT);
        for (var required : new String[][]{{RawHeaders.SOURCE, source}, {RawHeaders.EVENT_ID, id},
                {RawHeaders.RECEIVED_AT, receivedAt}}) {
            if (required[1] == null || required[1].isEmpty()) {
                return new Normalization.Rejected(DlqReason.MISSING_HEADER, "header " + required[0] + " is missing");
            }
        }
        // present but empty is legitimate: an hmac source without an event-type rule has no type
        if (type == null) {
            return new Normalization.Rejected(DlqReason.MISSING_HEADER, "header " + RawHeaders.EVENT_TYPE + " is missing");
        }
        // The ingress keys every record <source>:<event id>; dedupe and partitioning go by the key, so a
        // record keyed otherwise was not written by the ingress (or is corrupt) and would escape dedupe.
        if (!keyMatches(key, headers)) {
            return new Normalization.Rejected(DlqReason.INVALID_KEY,
                    "key is not <" + RawHeaders.SOURCE + ">:<" + RawHeaders.EVENT_ID + ">");
        }
        long receivedMillis;
        try {
            receivedMillis = Long.parseLong(receivedAt.trim());
        } catch (NumberFormatException e) {
            return new Normalization.Rejected(DlqReason.INVALID_HEADER,
                    "header " + RawHeaders.RECEIVED_AT + " is not epoch milliseconds");
        }
        Integer attempt = null;
        String attemptText = RawHeaders.text(headers, RawHeaders.DELIVERY_ATTEMPT);
        if (attemptText != null && !attemptText.isBlank()) {
            try {
                attempt = Integer.valueOf(attemptText.trim());
            } catch (NumberFormatException e) {
                // informational only: a provider's odd attempt header must not take a verified event off its route
                attempt = null;
            }
        }
        String contentType = RawHeaders.text(headers, RawHeaders.CONTENT_TYPE);
        if (contentType == null || contentType.isBlank()) {
            contentType = DEFAULT_CONTENT_TYPE;
        }
        byte[] data = body == null ? new byte[0] : body;

        SourceConfig cfg = sources.get(source);
        Details details = Details.NONE;
        if (cfg != null) {
            JsonNode json = parseJson(data, contentType);
            if (json == null && JSON_REQUIRED.contains(cfg.scheme())) {
                return new Normalization.Rejected(DlqReason.BODY_NOT_JSON,
                        "scheme " + cfg.scheme().id() + " needs a JSON object body");
            }
            if (json != null) {
                details = details(cfg, json);
            } else if (cfg.scheme() == SchemeKind.SLACK) {
                details = slackForm(data, contentType);
            }
        }
        WebhookEvent event = WebhookEvent.newBuilder()
                .setId(id).setSource(source).setType(type)
                .setSubject(details.subject)
                .setTime(details.time)
                .setReceivedAt(Instant.ofEpochMilli(receivedMillis))
                .setDeliveryAttempt(attempt)
                .setContentType(contentType)
                .setData(ByteBuffer.wrap(data))
                .setAttributes(details.attributes)
                .build();
        return new Normalization.Normalized(event, cfg != null);
    }

    /** Byte-wise: key == source header + ':' + event-id header (no decoding that could hide a difference). */
    private static boolean keyMatches(byte[] key, Headers headers) {
        byte[] source = headers.lastHeader(RawHeaders.SOURCE).value();
        byte[] id = headers.lastHeader(RawHeaders.EVENT_ID).value();
        return key.length == source.length + 1 + id.length
                && Arrays.equals(key, 0, source.length, source, 0, source.length)
                && key[source.length] == ':'
                && Arrays.equals(key, source.length + 1, key.length, id, 0, id.length);
    }

    /** The body as a JSON object; a form-encoded {@code payload=} field (GitHub, Slack interactivity) too. */
    static JsonNode parseJson(byte[] body, String contentType) {
        JsonNode node = readObject(body);
        if (node == null && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals("payload")) {
                    try {
                        String v = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                        return readObject(v.getBytes(StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException e) {
                        return null;
                    }
                }
            }
        }
        return node;
    }

    private static JsonNode readObject(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(body);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Subject, provider time and attributes by scheme. */
    private static Details details(SourceConfig cfg, JsonNode b) {
        Map<String, String> a = new LinkedHashMap<>();
        switch (cfg.scheme()) {
            case HYPERSPELL -> {
                put(a, "app", b, "/app");
                put(a, "user_id", b, "/user_id");
                put(a, "source", b, "/source");
                put(a, "resource_id", b, "/resource_id");
                return new Details(text(b, "/resource_id"), sane(seconds(b.at("/timestamp"))), a);
            }
            case HUME -> {
                put(a, "chat_id", b, "/chat_id");
                put(a, "chat_group_id", b, "/chat_group_id");
                put(a, "config_id", b, "/config_id");
                put(a, "custom_session_id", b, "/custom_session_id");
                put(a, "chat_start_type", b, "/chat_start_type");
                put(a, "end_reason", b, "/end_reason");
                // Hume sends epoch milliseconds: end_time on chat_ended, start_time on chat_started, timestamp on tool_call
                Instant t = firstTime(b, "/end_time", "/start_time", "/timestamp");
                return new Details(text(b, "/chat_id"), t, a);
            }
            case HYPONEMA -> {
                put(a, "event_id", b, "/event_id");
                return new Details(null, firstTime(b, "/created_at", "/occurred_at", "/timestamp"), a);
            }
            case AIHUMMER_INBOUND, AIHUMMER_TRIGGER -> {
                put(a, "channel", b, "/channel");
                put(a, "external_id", b, "/external_id");
                return new Details(text(b, "/external_id"), null, a);
            }
            case STRIPE -> {
                put(a, "object", b, "/data/object/object");
                put(a, "livemode", b, "/livemode");
                put(a, "api_version", b, "/api_version");
                put(a, "account", b, "/account");
                put(a, "request_id", b, "/request/id");
                return new Details(text(b, "/data/object/id"), sane(seconds(b.at("/created"))), a);
            }
            case SLACK -> {
                put(a, "team_id", b, "/team_id");
                put(a, "api_app_id", b, "/api_app_id");
                put(a, "enterprise_id", b, "/enterprise_id");
                put(a, "channel", b, "/event/channel");
                put(a, "user", b, "/event/user");
                return new Details(text(b, "/event/channel"), sane(seconds(b.at("/event_time"))), a);
            }
            case GITHUB -> {
                put(a, "repository", b, "/repository/full_name");
                put(a, "action", b, "/action");
                put(a, "sender", b, "/sender/login");
                put(a, "organization", b, "/organization/login");
                put(a, "installation_id", b, "/installation/id");
                return new Details(text(b, "/repository/full_name"), null, a);
            }
            case SHOPIFY -> {
                String subject = text(b, "/admin_graphql_api_id");
                return new Details(subject != null ? subject : text(b, "/id"),
                        firstTime(b, "/updated_at", "/created_at"), a);
            }
            case STANDARD_WEBHOOKS -> {
                return new Details(null, firstTime(b, "/timestamp"), a);
            }
            case HMAC -> {
                Instant t = cfg.timestamp() != null && !cfg.timestamp().isHeader()
                        ? sane(seconds(b.at(cfg.timestamp().json()))) : null;
                return new Details(null, t, a);
            }
            default -> {
                return Details.NONE;
            }
        }
    }

    /** Slack slash commands: form fields team_id, channel_id, user_id, api_app_id, command. */
    private static Details slackForm(byte[] body, String contentType) {
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return Details.NONE;
        }
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    form.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // a malformed %-escape: skip the field
                }
            }
        }
        Map<String, String> a = new LinkedHashMap<>();
        for (String[] f : new String[][]{{"team_id", "team_id"}, {"api_app_id", "api_app_id"},
                {"enterprise_id", "enterprise_id"}, {"channel", "channel_id"}, {"user", "user_id"},
                {"command", "command"}}) {
            String v = form.get(f[1]);
            if (v != null && !v.isEmpty()) {
                a.put(f[0], v);
            }
        }
        return new Details(a.get("channel"), null, a);
    }

    private static void put(Map<String, String> attributes, String name, JsonNode body, String pointer) {
        String v = text(body, pointer);
        if (v != null) {
            attributes.put(name, v);
        }
    }

    /** A scalar (string, number, boolean) as text; null for missing, null, objects and arrays. */
    static String text(JsonNode body, String pointer) {
        JsonNode n = body.at(JsonPointer.compile(pointer));
        return n.isValueNode() && !n.isNull() ? n.asText() : null;
    }

    /** Epoch seconds (number or numeric string), else null. */
    static Instant seconds(JsonNode n) {
        try {
            if (n.isIntegralNumber()) {
                return Instant.ofEpochSecond(n.longValue());
            }
            if (n.isNumber()) {
                return Instant.ofEpochMilli(Math.round(n.doubleValue() * 1000));
            }
            if (n.isTextual() && n.asText().matches("\\d{1,12}")) {
                return Instant.ofEpochSecond(Long.parseLong(n.asText()));
            }
        } catch (ArithmeticException | java.time.DateTimeException e) {
            return null;
        }
        return null;
    }

    /**
     * The first pointer holding a time: a number (epoch milliseconds when at least 10^11, else
     * seconds; 10^11 s would be the year 5138), a numeric string, or an ISO-8601 date-time.
     */
    static Instant firstTime(JsonNode body, String... pointers) {
        for (String p : pointers) {
            Instant t = sane(anyTime(body.at(JsonPointer.compile(p))));
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    static Instant anyTime(JsonNode n) {
        try {
            if (n.isNumber() || (n.isTextual() && n.asText().matches("\\d{1,16}"))) {
                long v = n.isNumber() ? n.longValue() : Long.parseLong(n.asText());
                return Math.abs(v) >= 100_000_000_000L ? Instant.ofEpochMilli(v) : Instant.ofEpochSecond(v);
            }
            if (n.isTextual()) {
                try {
                    return OffsetDateTime.parse(n.asText()).toInstant();
                } catch (DateTimeParseException e) {
                    return Instant.parse(n.asText());
                }
            }
        } catch (ArithmeticException | java.time.DateTimeException e) {
            return null;
        }
        return null;
    }

    /** Years 0000..9999 only: anything else is a provider bug and would not fit timestamp-millis. */
    static Instant sane(Instant t) {
        if (t == null || t.isBefore(MIN_TIME) || t.isAfter(MAX_TIME)) {
            return null;
        }
        return t;
    }

    private static final Instant MIN_TIME = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59.999Z");

    private record Details(String subject, Instant time, Map<String, String> attributes) {
        static final Details NONE = new Details(null, null, Map.of());
    }
}
