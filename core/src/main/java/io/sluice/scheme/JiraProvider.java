package io.sluice.scheme;

import io.sluice.config.ValueLocator;

import java.time.Instant;
import java.util.UUID;

/**
 * Jira Cloud (admin webhooks saved with a secret): {@code X-Hub-Signature: sha256=<hex>} = HMAC-SHA256
 * of the body. No signed timestamp. Id: {@code X-Atlassian-Webhook-Identifier} (kept across retries),
 * else SHA-256 of the body; type: body {@code /webhookEvent} ({@code jira:issue_created}…). Webhooks
 * registered by Connect or OAuth apps are not signed this way and are refused.
 */
final class JiraProvider extends HmacFamily {
    JiraProvider() {
        super(HmacRule.header("X-Hub-Signature").prefix("sha256=")
                .idFromOrHash(ValueLocator.header("X-Atlassian-Webhook-Identifier"))
                .typeFrom(ValueLocator.json("/webhookEvent")));
    }

    @Override
    public String name() {
        return "jira";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/issue/key", "/project/key", "/sprint/id")
                .time("/timestamp").attribute("project", "/issue/fields/project/key")
                .attribute("issue_event_type", "/issue_event_type_name").attribute("user", "/user/accountId");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"timestamp\":" + now.toEpochMilli() + ",\"webhookEvent\":\"jira:issue_created\",\"issue\":{\"id\":\""
                + Math.abs(UUID.randomUUID().getMostSignificantBits() % 100000) + "\",\"key\":\"DEMO-1\",\"fields\":"
                + "{\"summary\":\"Try Sluice\",\"project\":{\"key\":\"DEMO\"}}}}";
    }

    @Override
    public String vectorOrigin() {
        return "node-crypto per Atlassian's \"Secure admin webhooks\" (developer.atlassian.com jira webhooks)";
    }
}
