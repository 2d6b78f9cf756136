package io.sluice.scheme;

import io.sluice.config.ValueLocator;

import java.time.Instant;
import java.util.UUID;

/**
 * CircleCI: {@code circleci-signature: v1=<hex>} = HMAC-SHA256 of the body with the webhook's signing
 * secret; the header may list several comma-separated versions, only {@code v1} is checked. No signed
 * timestamp. Id: body {@code /id} (required); type: body {@code /type} ({@code workflow-completed},
 * {@code job-completed}).
 */
final class CircleciProvider extends HmacFamily {
    CircleciProvider() {
        super(HmacRule.header("circleci-signature").prefix("v1=").several(",")
                .idFrom(ValueLocator.json("/id"))
                .typeFrom(ValueLocator.json("/type")));
    }

    @Override
    public String name() {
        return "circleci";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/project/slug").time("/happened_at")
                .attribute("project", "/project/slug").attribute("workflow", "/workflow/name")
                .attribute("status", "/workflow/status").attribute("job", "/job/name")
                .attribute("pipeline_number", "/pipeline/number");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"workflow-completed\",\"happened_at\":\"" + now + "\","
                + "\"project\":{\"slug\":\"github/acme/demo\"},\"workflow\":{\"name\":\"build\",\"status\":\"success\"},"
                + "\"pipeline\":{\"number\":130}}";
    }

    @Override
    public String vectorOrigin() {
        return "node-crypto replicating CircleCI's documented example (circleci.com outbound webhooks, validate webhooks)";
    }
}
