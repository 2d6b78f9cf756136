package io.sluice.scheme;

import io.sluice.config.ValueLocator;

import java.time.Instant;
import java.util.UUID;

/**
 * Razorpay: {@code X-Razorpay-Signature} = hex HMAC-SHA256 of the raw body, keyed with the webhook
 * secret's UTF-8 bytes. No timestamp is signed (Razorpay retries for 24 h). Id: {@code X-Razorpay-Event-Id}
 * (required; Razorpay: "use it to check the uniqueness of the webhook"); type: body {@code /event}.
 */
final class RazorpayProvider extends HmacFamily {
    RazorpayProvider() {
        super(HmacRule.header("X-Razorpay-Signature")
                .idFrom(ValueLocator.header("X-Razorpay-Event-Id"))
                .typeFrom(ValueLocator.json("/event")));
    }

    @Override
    public String name() {
        return "razorpay";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        // The entity the event is about is under /payload/<entity>/entity; the common ones, in order.
        return EventRules.json()
                .subject("/payload/payment/entity/id", "/payload/refund/entity/id", "/payload/order/entity/id",
                        "/payload/subscription/entity/id", "/payload/invoice/entity/id", "/payload/payout/entity/id")
                .time("/created_at").attribute("account_id", "/account_id");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"entity\":\"event\",\"account_id\":\"acc_BFQ7uQEaa7j2z7\",\"event\":\"payment.captured\","
                + "\"contains\":[\"payment\"],\"payload\":{\"payment\":{\"entity\":{\"id\":\"pay_"
                + UUID.randomUUID().toString().substring(0, 14) + "\",\"entity\":\"payment\",\"amount\":50000,"
                + "\"currency\":\"INR\",\"status\":\"captured\"}}},\"created_at\":" + now.getEpochSecond() + "}";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_VERIFIES;
    }

    @Override
    public String vectorOrigin() {
        return "Node crypto per razorpay validateWebhookSignature, which accepts every valid case (tools/vectors/providers/razorpay.mjs)";
    }
}
