package io.sluice.scheme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.config.ConfigException;
import io.sluice.config.SourceConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Adyen (standard webhooks, the JSON "notification"): each {@code notificationItems[].NotificationRequestItem}
 * carries {@code additionalData.hmacSignature} = base64 HMAC-SHA256 of
 * {@code pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success}
 * (a missing field is empty), keyed with the webhook's HMAC key given as hex. Every item must verify. No
 * timestamp is signed. Id: {@code <pspReference>:<eventCode>:<success>} of the first item (Adyen: dedupe on
 * eventCode and pspReference; an AUTHORISATION may come with success false, then true); type: its
 * {@code eventCode}. No header is read: the signatures are in the body.
 */
final class AdyenProvider extends Provider {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String[] SIGNED = {"pspReference", "originalReference", "merchantAccountCode", "merchantReference"};
    private static final String ITEM = "/notificationItems/0/NotificationRequestItem";

    @Override
    public String name() {
        return "adyen";
    }

    @Override
    public Family family() {
        return Family.HMAC;
    }

    /** The signature is in the body: the content type is the only header read. */
    @Override
    public List<String> headers() {
        return List.of("Content-Type"); // each item's signature is in the body
    }

    @Override
    public Set<String> secretHeaders(SourceConfig source) {
        return Set.of();
    }

    @Override
    public Duration tolerance() {
        return Duration.ZERO;
    }

    @Override
    public String eventIdSource() {
        return "body pspReference:eventCode:success of the first item";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject(ITEM + "/merchantReference", ITEM + "/pspReference").time(ITEM + "/eventDate")
                .attribute("psp_reference", ITEM + "/pspReference").attribute("merchant_account", ITEM + "/merchantAccountCode")
                .attribute("success", ITEM + "/success").attribute("currency", ITEM + "/amount/currency")
                .attribute("value", ITEM + "/amount/value").attribute("live", "/live");
    }

    @Override
    public Example example() {
        return Example.secret("44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"live\":\"false\",\"notificationItems\":[{\"NotificationRequestItem\":{\"additionalData\":{},"
                + "\"amount\":{\"currency\":\"EUR\",\"value\":1995},\"eventCode\":\"AUTHORISATION\",\"eventDate\":\"" + now
                + "\",\"merchantAccountCode\":\"DemoECOM\",\"merchantReference\":\"order-"
                + UUID.randomUUID().toString().substring(0, 8) + "\",\"originalReference\":\"\",\"pspReference\":\""
                + (7914073381342284L + now.getEpochSecond() % 1000) + "\",\"success\":\"true\"}}]}";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_SIGNS;
    }

    @Override
    public String vectorOrigin() {
        return "@adyen/api-library hmacValidator.calculateHmac, checked by validateHMAC (tools/vectors/package-lock.json)";
    }

    @Override
    Scheme scheme(SourceConfig source, Clock clock) {
        return new Verifier(source, clock);
    }

    /** The string Adyen signs for one item. */
    static byte[] signedData(JsonNode item) {
        StringBuilder b = new StringBuilder();
        for (String f : SIGNED) {
            b.append(text(item.get(f))).append(':');
        }
        b.append(text(item.at("/amount/value"))).append(':').append(text(item.at("/amount/currency"))).append(':')
                .append(text(item.get("eventCode"))).append(':').append(text(item.get("success")));
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() || n.isContainerNode() ? "" : n.asText();
    }

    private static final class Verifier extends Scheme {
        private final List<HmacKey> keys;

        Verifier(SourceConfig source, Clock clock) {
            super(source, clock, Duration.ZERO);
            List<HmacKey> k = new ArrayList<>();
            for (int i = 0; i < source.secrets().size(); i++) {
                byte[] key = Codec.hex(source.secrets().get(i).reveal());
                if (key == null || key.length == 0) {
                    throw new ConfigException("sources." + source.name() + ".secrets[" + i + "]",
                            "an adyen HMAC key must be hex, as the Customer Area shows it");
                }
                k.add(new HmacKey("HmacSHA256", key));
            }
            this.keys = List.copyOf(k);
        }

        @Override
        Verification check(Inbound in) {
            JsonNode items = in.json().path("notificationItems");
            if (!items.isArray() || items.isEmpty()) {
                throw new Rejection(Reason.MISSING_SIGNATURE, "body has no notificationItems to verify");
            }
            for (JsonNode wrapper : items) {
                JsonNode item = wrapper.path("NotificationRequestItem");
                JsonNode sig = item.at("/additionalData/hmacSignature");
                if (!sig.isTextual()) {
                    throw new Rejection(Reason.MISSING_SIGNATURE, "a notification item has no additionalData.hmacSignature");
                }
                requireMatch(keys, List.of(base64Signature(sig.textValue(), "additionalData.hmacSignature", keys)),
                        signedData(item));
            }
            JsonNode first = items.get(0).path("NotificationRequestItem");
            String id = source.eventId() != null ? eventId(in, List.of(), false)
                    : validId(text(first.get("pspReference")) + ":" + text(first.get("eventCode")) + ":"
                    + text(first.get("success")));
            return new Verification.Verified(id, eventType(in), null, null);
        }

        @Override
        String presetType(Inbound in) {
            return text(in.json().at(ITEM + "/eventCode"));
        }

        /** Adyen signs inside the body: the headers are only the content type (see {@link #signedBody}). */
        @Override
        public Map<String, String> sign(SignRequest r) {
            Map<String, String> h = headers();
            h.put("Content-Type", "application/json");
            return h;
        }

        /** The body with every item's {@code additionalData.hmacSignature} set. */
        @Override
        public byte[] signedBody(SignRequest r) {
            HmacKey key = r.signingKey() == null ? keys.get(0) : new HmacKey("HmacSHA256", Codec.hex(r.signingKey()));
            try {
                JsonNode body = MAPPER.readTree(r.body());
                for (JsonNode wrapper : body.path("notificationItems")) {
                    if (wrapper.path("NotificationRequestItem") instanceof ObjectNode item) {
                        JsonNode data = item.path("additionalData");
                        ObjectNode additional = data instanceof ObjectNode o ? o : item.putObject("additionalData");
                        additional.put("hmacSignature", Codec.base64(key.sign(signedData(item))));
                    }
                }
                return MAPPER.writeValueAsBytes(body);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot sign: an adyen body must be a JSON notification");
            }
        }
    }
}
