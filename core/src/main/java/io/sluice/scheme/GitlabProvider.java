package io.sluice.scheme;

import io.sluice.config.ValueLocator;

import java.time.Instant;
import java.util.UUID;

/**
 * GitLab: {@code X-Gitlab-Token} carries the webhook's secret token as is (GitLab does not sign the
 * body). Id: {@code X-Gitlab-Event-UUID} (required); type: {@code X-Gitlab-Event} ({@code Push Hook},
 * {@code Merge Request Hook}…); the body's {@code object_kind} is an attribute.
 */
final class GitlabProvider extends TokenFamily {
    GitlabProvider() {
        super("X-Gitlab-Token", ValueLocator.header("X-Gitlab-Event-UUID"), "X-Gitlab-Event");
    }

    @Override
    public String name() {
        return "gitlab";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/project/path_with_namespace")
                .time("/object_attributes/updated_at", "/commits/0/timestamp")
                .attribute("object_kind", "/object_kind").attribute("project", "/project/path_with_namespace")
                .attribute("user", "/user_username").attribute("action", "/object_attributes/action")
                .attribute("ref", "/ref");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"object_kind\":\"push\",\"event_name\":\"push\",\"ref\":\"refs/heads/main\",\"user_username\":\"jsmith\","
                + "\"project\":{\"id\":15,\"path_with_namespace\":\"acme/demo\"},\"commits\":[{\"id\":\""
                + UUID.randomUUID().toString().replace("-", "") + "\",\"timestamp\":\"" + now + "\"}]}";
    }

    @Override
    public Proof proof() {
        return Proof.SDK_TEST_VECTOR;
    }

    @Override
    public String vectorOrigin() {
        return "the request GitLab's own sender test expects (gitlabhq spec/services/web_hook_service_spec.rb: X-Gitlab-Token sent as is); other cases per docs.gitlab.com webhooks";
    }
}
