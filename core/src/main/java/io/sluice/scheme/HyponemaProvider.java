package io.sluice.scheme;

import io.sluice.config.HmacConfig;
import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Hyponema: the signature rule comes from the source's {@code hmac:} block; the preset fixes the id
 * ({@code X-Hyponema-Event-Id}, else body {@code /event_id}), the type ({@code X-Hyponema-Event-Type})
 * and the attempt counter ({@code X-Hyponema-Delivery-Attempt}). The timestamp is checked only when the
 * source configures {@code timestamp:} (default tolerance 300 s). {@code {id}} in the signed template is
 * the event id as found by those rules.
 */
final class HyponemaProvider extends Preset {
    static final String EVENT_ID = "X-Hyponema-Event-Id";
    static final String EVENT_TYPE = "X-Hyponema-Event-Type";
    static final String ATTEMPT = "X-Hyponema-Delivery-Attempt";
    private static final Duration TOLERANCE = Duration.ofSeconds(300);
    private static final List<ValueLocator> ID_RULE = List.of(ValueLocator.header(EVENT_ID), ValueLocator.json("/event_id"));

    HyponemaProvider() {
        super("hyponema", Family.CONFIGURED_HMAC, TOLERANCE, List.of("hmac.header", EVENT_ID, EVENT_TYPE, ATTEMPT),
                "header " + EVENT_ID + ", else body /event_id");
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.anyBody().time("/created_at", "/occurred_at", "/timestamp").attribute("event_id", "/event_id");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"event_id\":\"" + UUID.randomUUID() + "\",\"type\":\"response.completed\",\"data\":{}}";
    }

    @Override
    public Proof proof() {
        return Proof.CONTRACT;
    }

    @Override
    public String vectorOrigin() {
        return "tools/vectors: node crypto after the source's hmac rule";
    }

    @Override
    public Example example() {
        return new Example(List.of("example-secret-0123456789"), "example-secret-0123456789",
                new HmacConfig("X-Hyponema-Signature", "sha256", "hex", "sha256=", "{id}.{timestamp}.{body}"),
                ValueLocator.header("X-Hyponema-Timestamp"), null, null);
    }

    @Override
    public Set<String> secretHeaders(SourceConfig source) {
        return source.hmac() == null ? Set.of() : Set.of(source.hmac().header());
    }

    @Override
    Scheme scheme(SourceConfig source, Clock clock) {
        return new Verifier(source, clock);
    }

    private static final class Verifier extends Scheme {
        private final ConfiguredHmac hmac;

        Verifier(SourceConfig source, Clock clock) {
            super(source, clock, TOLERANCE);
            this.hmac = ConfiguredHmac.forSource(source,
                    "required for scheme 'hyponema' (the signature rule named by Hyponema's reference)");
        }

        @Override
        Verification check(Inbound in) {
            String tsText = configuredTimestamp(in);
            Instant ts = tsText == null ? null : epoch(tsText, "timestamp");
            // The id is part of the preset (and maybe of the signed content): resolve it before the MAC.
            String id = eventId(in, ID_RULE, false);
            hmac.verify(in, new ConfiguredHmac.Values(in.body(), tsText, id, in.url()));
            Instant at = ts == null ? null : withinTolerance(ts);
            return new Verification.Verified(id, eventType(in), at, attempt(in, ATTEMPT, 0));
        }

        @Override
        String presetType(Inbound in) {
            String t = in.header(EVENT_TYPE);
            return t == null ? "" : t;
        }

        @Override
        public Map<String, String> sign(SignRequest r) {
            Map<String, String> h = headers();
            String ts = Long.toString(nowOr(r.time()));
            if (source.timestamp() != null && source.timestamp().isHeader()) {
                h.put(source.timestamp().header(), ts);
            }
            String id = r.eventId() != null ? r.eventId() : randomId();
            ValueLocator idAt = source.eventId() != null ? source.eventId() : ValueLocator.header(EVENT_ID);
            if (idAt.isHeader()) {
                h.put(idAt.header(), id);
            }
            if (r.eventType() != null) {
                h.put(source.eventType() != null && source.eventType().isHeader() ? source.eventType().header() : EVENT_TYPE,
                        r.eventType());
            }
            h.put(ATTEMPT, "1");
            Inbound view = new Inbound(new Delivery(r.url(), Headers.of(h), r.body()));
            String tsValue = source.timestamp() == null ? ts : readForSigning(view, source.timestamp(), "timestamp");
            String signedId = idAt.isHeader() ? id : readForSigning(view, idAt, "event id");
            h.put(hmac.header(), hmac.sign(new ConfiguredHmac.Values(r.body(), tsValue, signedId, r.url())));
            return h;
        }
    }
}
