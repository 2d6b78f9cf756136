package io.sluice.scheme;

import io.sluice.config.ValueLocator;

import java.time.Instant;
import java.util.UUID;

/**
 * Bitbucket Cloud: {@code X-Hub-Signature: sha256=<hex>} = HMAC-SHA256 of the body with the webhook's
 * secret (a webhook without a secret sends none, and is refused). No timestamp. Id: {@code
 * X-Request-UUID} (required); type: {@code X-Event-Key} ({@code repo:push}, {@code pullrequest:created}…);
 * attempt: {@code X-Attempt-Number}.
 */
final class BitbucketProvider extends HmacFamily {
    BitbucketProvider() {
        super(HmacRule.header("X-Hub-Signature").prefix("sha256=")
                .idFrom(ValueLocator.header("X-Request-UUID"))
                .typeFrom(ValueLocator.header("X-Event-Key"))
                .attempt("X-Attempt-Number"));
    }

    @Override
    public String name() {
        return "bitbucket";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/repository/full_name")
                .attribute("repository", "/repository/full_name").attribute("actor", "/actor/display_name")
                .attribute("pullrequest_id", "/pullrequest/id");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"push\":{\"changes\":[{\"new\":{\"type\":\"branch\",\"name\":\"main\"}}]},"
                + "\"repository\":{\"full_name\":\"acme/demo\",\"uuid\":\"{" + UUID.randomUUID() + "}\"},"
                + "\"actor\":{\"display_name\":\"Ana\"}}";
    }

    @Override
    public String vectorOrigin() {
        return "node-crypto per Bitbucket's \"Secure webhooks\" rule (support.atlassian.com manage-webhooks)";
    }
}
