package io.sluice.processor;

import io.sluice.config.SluiceConfig;
import io.sluice.config.SourceConfig;
import io.sluice.scheme.EventDetails;
import io.sluice.scheme.Payload;
import io.sluice.scheme.Provider;
import io.sluice.scheme.Providers;
import io.sluice.schemas.WebhookEvent;
import org.apache.kafka.common.header.Headers;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns a raw record (headers written by the ingress + the body as received) into a
 * {@link WebhookEvent}. Pure: no Kafka, no clock; the same input always gives the same output.
 *
 * <p>Envelope fields come from the {@code sluice.*} headers; {@code subject}, {@code time} and
 * {@code attributes} from the body, by the rules of the provider ({@link Provider#details}) of the
 * source named in {@code sluice.source} (docs/providers.md).
 */
public final class Normalizer {
    static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    private final Map<String, SourceConfig> sources;
    /**
     * Each source's provider, looked up once per config instead of per record (the registry's map
     * lookup was on every record's path); absent for a scheme the registry does not know, which
     * {@link Providers#get} then refuses per record, as before.
     */
    private final Map<String, Provider> providers;

    public Normalizer(SluiceConfig config) {
        this.sources = config.sources().stream().collect(Collectors.toUnmodifiableMap(SourceConfig::name,
                Function.identity()));
        Map<String, Provider> byName = new java.util.HashMap<>();
        sources.forEach((name, cfg) -> Providers.find(cfg.scheme()).ifPresent(p -> byName.put(name, p)));
        this.providers = Map.copyOf(byName);
    }

    /** True when {@code source} is one of the configured sources. */
    boolean knows(String source) {
        return sources.containsKey(source);
    }

    public Normalization normalize(byte[] key, byte[] body, Headers headers) {
        if (key == null || key.length == 0) {
            return new Normalization.Rejected(DlqReason.MISSING_KEY, "record has no key");
        }
        String source = RawHeaders.text(headers, RawHeaders.SOURCE);
        String id = RawHeaders.text(headers, RawHeaders.EVENT_ID);
        String type = RawHeaders.text(headers, RawHeaders.EVENT_TYPE);
        // bytes: the usual epoch milliseconds are read without a String (RawHeaders.parseLong)
        byte[] receivedAt = RawHeaders.value(headers, RawHeaders.RECEIVED_AT);
        String missing = source == null || source.isEmpty() ? RawHeaders.SOURCE
                : id == null || id.isEmpty() ? RawHeaders.EVENT_ID
                : receivedAt == null || receivedAt.length == 0 ? RawHeaders.RECEIVED_AT : null;
        if (missing != null) {
            return new Normalization.Rejected(DlqReason.MISSING_HEADER, "header " + missing + " is missing");
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
            receivedMillis = RawHeaders.parseLong(receivedAt);
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
        EventDetails details = EventDetails.NONE;
        if (cfg != null) {
            Provider provider = providers.get(source);
            if (provider == null) {
                provider = Providers.get(cfg.scheme()); // unknown scheme: throws, as it always did
            }
            Payload payload = new Payload(data, contentType);
            // rules(): built once per provider, not per record (they hold compiled pointers)
            if (data.length > 0 && !provider.rules().accepts(payload)) {
                return new Normalization.Rejected(DlqReason.BODY_NOT_JSON,
                        "scheme " + cfg.scheme() + " needs " + provider.rules().shape() + " as body");
            }
            details = provider.details(payload, cfg);
        }
        // the all-fields constructor: the builder validated and flagged every field again per record;
        // every non-null field is checked above (id, source, type, content type, data, attributes)
        WebhookEvent event = new WebhookEvent(id, source, type, details.subject(), details.time(),
                Instant.ofEpochMilli(receivedMillis), attempt, contentType, ByteBuffer.wrap(data),
                details.attributes());
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
}
