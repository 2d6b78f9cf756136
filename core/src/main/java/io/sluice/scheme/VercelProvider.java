package io.sluice.scheme;

import io.sluice.config.ValueLocator;

import java.time.Instant;
import java.util.UUID;

/**
 * Vercel: {@code x-vercel-signature} = hex HMAC-SHA1 of the body with the integration (or account
 * webhook) secret. No signed timestamp. Id: body {@code /id} (required); type: body {@code /type}.
 */
final class VercelProvider extends HmacFamily {
    VercelProvider() {
        super(HmacRule.header("x-vercel-signature").sha1()
                .idFrom(ValueLocator.json("/id"))
                .typeFrom(ValueLocator.json("/type")));
    }

    @Override
    public String name() {
        return "vercel";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/payload/deployment/id", "/payload/project/id").time("/createdAt")
                .attribute("project_id", "/payload/project/id").attribute("team_id", "/payload/team/id")
                .attribute("target", "/payload/target").attribute("region", "/region");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"id\":\"" + UUID.randomUUID().toString().replace("-", "").substring(0, 24) + "\",\"type\":\"deployment.created\","
                + "\"createdAt\":" + now.toEpochMilli() + ",\"payload\":{\"deployment\":{\"id\":\"dpl_demo\"},"
                + "\"project\":{\"id\":\"prj_demo\"},\"target\":\"production\"}}";
    }

    @Override
    public String vectorOrigin() {
        return "node-crypto replicating Vercel's documented verification example (vercel.com/docs/webhooks)";
    }
}
