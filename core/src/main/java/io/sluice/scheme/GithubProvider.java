package io.sluice.scheme;

import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * GitHub: {@code X-Hub-Signature-256: sha256=<hex>} = HMAC-SHA256 of the body (the legacy SHA-1
 * {@code X-Hub-Signature} is not accepted). No timestamp. Id: {@code X-GitHub-Delivery} (required, kept
 * by GitHub across redeliveries); type: {@code X-GitHub-Event}. The body is never parsed, so form-encoded
 * deliveries verify too.
 */
final class GithubProvider extends HmacFamily {
    GithubProvider() {
        super(HmacRule.header("X-Hub-Signature-256").prefix("sha256=")
                .idFrom(ValueLocator.header("X-GitHub-Delivery"))
                .typeFrom(ValueLocator.header("X-GitHub-Event")));
    }

    @Override
    public String name() {
        return "github";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE; // GitHub's "ping" event is an ordinary, signed delivery
    }

    @Override
    public EventRules events() {
        return EventRules.anyBody().subject("/repository/full_name")
                .attribute("repository", "/repository/full_name").attribute("action", "/action")
                .attribute("sender", "/sender/login").attribute("organization", "/organization/login")
                .attribute("installation_id", "/installation/id");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"action\":\"opened\",\"number\":1,\"repository\":{\"full_name\":\"octo/demo\"},"
                + "\"sender\":{\"login\":\"octocat\"},\"id\":\"" + UUID.randomUUID() + "\"}";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_SIGNS;
    }

    @Override
    public String vectorOrigin() {
        return "@octokit/webhooks-methods (tools/vectors/package-lock.json) and GitHub's documented example";
    }

    @Override
    public Set<String> secretHeaders(SourceConfig source) {
        return Set.of("X-Hub-Signature-256", "X-Hub-Signature");
    }
}
