package io.sluice.scheme;

import io.sluice.config.ConfigException;
import io.sluice.config.HmacConfig;
import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The configurable {@code hmac} scheme: signature rule from the source's {@code hmac:} block; timestamp,
 * id and type wherever the source's {@code timestamp}, {@code event-id} and {@code event-type} point
 * (timestamp absent: not checked; id absent: SHA-256 of the body; type absent: empty). Default tolerance
 * 300 s.
 */
final class ConfigurableHmacProvider extends Preset {
    private static final Duration TOLERANCE = Duration.ofSeconds(300);

    ConfigurableHmacProvider() {
        super("hmac", Family.CONFIGURED_HMAC, TOLERANCE, List.of("hmac.header", "timestamp", "event-id", "event-type"),
                "source's event-id, else SHA-256 of the body");
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.anyBody();
    }

    /** The time is where the source's {@code timestamp:} points into the body, if it does. */
    @Override
    public EventDetails details(Payload payload, SourceConfig source) {
        ValueLocator ts = source.timestamp();
        if (ts == null || ts.isHeader() || payload.json() == null) {
            return EventDetails.NONE;
        }
        return new EventDetails(null, Timestamps.any(payload.json().at(ts.json())), Map.of());
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"id\":\"" + java.util.UUID.randomUUID() + "\",\"type\":\"demo.event\",\"timestamp\":"
                + now.getEpochSecond() + "}";
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
                new HmacConfig("X-Signature", "sha256", "hex", "sha256=", "{timestamp}.{body}"),
                ValueLocator.header("X-Timestamp"), ValueLocator.json("/id"), ValueLocator.json("/type"));
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
            this.hmac = ConfiguredHmac.forSource(source, "required for scheme 'hmac'");
            if (hmac.uses("id") && source.eventId() == null) {
                throw new ConfigException("sources." + source.name() + ".event-id", "required: hmac.signed uses {id}");
            }
        }

        @Override
        Verification check(Inbound in) {
            String tsText = configuredTimestamp(in);
            Instant ts = tsText == null ? null : epoch(tsText, "timestamp");
            String rawId = null;
            if (hmac.uses("id")) {
                rawId = in.read(source.eventId(), "event id");
                if (rawId == null || rawId.isEmpty()) {
                    throw new Rejection(Reason.MISSING_EVENT_ID, "no event id in " + where(source.eventId()));
                }
            }
            hmac.verify(in, new ConfiguredHmac.Values(in.body(), tsText, rawId, in.url()));
            Instant at = ts == null ? null : withinTolerance(ts);
            return new Verification.Verified(eventId(in, List.of(), true), eventType(in), at, null);
        }

        @Override
        public Map<String, String> sign(SignRequest r) {
            Map<String, String> h = headers();
            String ts = Long.toString(nowOr(r.time()));
            if (source.timestamp() != null && source.timestamp().isHeader()) {
                h.put(source.timestamp().header(), ts);
            }
            if (source.eventId() != null && source.eventId().isHeader()) {
                h.put(source.eventId().header(), r.eventId() != null ? r.eventId() : randomId());
            }
            if (source.eventType() != null && source.eventType().isHeader() && r.eventType() != null) {
                h.put(source.eventType().header(), r.eventType());
            }
            // Values the body carries are read back from it, exactly as the verifier will.
            Inbound view = new Inbound(new Delivery(r.url(), Headers.of(h), r.body()));
            String tsValue = source.timestamp() == null ? ts : readForSigning(view, source.timestamp(), "timestamp");
            String id = source.eventId() == null ? null : readForSigning(view, source.eventId(), "event id");
            h.put(hmac.header(), hmac.sign(new ConfiguredHmac.Values(r.body(), tsValue, id, r.url())));
            return h;
        }
    }
}
