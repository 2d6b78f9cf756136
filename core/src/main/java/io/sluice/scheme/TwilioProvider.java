package io.sluice.scheme;

import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Twilio (Messaging, Voice and other webhooks): {@code X-Twilio-Signature} = base64 HMAC-SHA1, keyed with
 * the account's auth token, of the public URL Twilio called (the source's {@code public-url}) followed
 * by the POST parameters sorted by name (see {@link UrlSignedFamily}). Id: {@code I-Twilio-Idempotency-Token}
 * (the same on retries), else SHA-256 of the body; type: {@code message.<MessageStatus|SmsStatus>} or
 * {@code call.<CallStatus>}.
 */
final class TwilioProvider extends UrlSignedFamily {
    TwilioProvider() {
        super("X-Twilio-Signature", "HmacSHA1", ValueLocator.header("I-Twilio-Idempotency-Token"));
    }

    @Override
    public String name() {
        return "twilio";
    }

    @Override
    String type(Map<String, List<String>> form) {
        String message = FormBody.first(form, "MessageStatus", "SmsStatus");
        if (message != null) {
            return "message." + message;
        }
        String call = FormBody.first(form, "CallStatus");
        return call != null ? "call." + call : "";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.anyBody();
    }

    /** Form fields: subject MessageSid (else CallSid); attributes AccountSid, From, To. */
    @Override
    public EventDetails details(Payload payload, SourceConfig source) {
        return FormBody.details(payload, List.of("MessageSid", "CallSid"), List.of("AccountSid", "From", "To"));
    }

    @Override
    public String sampleBody(Instant now) {
        return "MessageSid=SM1f0e8ae6ade43cb3c0ce4525424e404f&SmsStatus=received&AccountSid=AC0000000000000000000000000"
                + "0000000&From=%2B14155550100&To=%2B14155550199&Body=Hello+from+Sluice&NumMedia=0";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_SIGNS;
    }

    @Override
    public String vectorOrigin() {
        return "twilio getExpectedTwilioSignature and validateRequest (tools/vectors); Twilio's documented example";
    }
}
