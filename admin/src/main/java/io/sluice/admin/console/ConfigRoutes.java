package io.sluice.admin.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.sluice.admin.AdminAuth;
import io.sluice.admin.AdminRoutes;
import io.sluice.config.ConfigReloader;
import io.sluice.config.ReloadResult;
import io.sluice.config.Scope;
import io.sluice.config.Secret;
import io.sluice.config.SluiceConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /admin/config} (scope read): the running config as JSON with every secret redacted,
 * and the last reload's result. Redaction is by type, not by key name: every {@link Secret} is
 * written through its {@code toString()}, which is {@code ***}, so no secret (source secrets, admin
 * tokens) can reach the answer whatever key holds it. {@code kafka.properties} are plain strings that may
 * hold passwords ({@code sasl.jaas.config}, {@code ssl.keystore.password}): like
 * {@code KafkaConfig.toString()}, only their keys are shown.
 */
public final class ConfigRoutes implements AdminRoutes {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .registerModule(new SimpleModule("sluice-redaction")
                    .addSerializer(Secret.class, ToStringSerializer.instance)
                    .addSerializer(Duration.class, ToStringSerializer.instance)
                    .addSerializer(Instant.class, ToStringSerializer.instance)
                    .addSerializer(Path.class, ToStringSerializer.instance));

    private final Supplier<SluiceConfig> config;
    private final ConfigReloader reloader;

    /**
     * @param config   the running config (read on every call, so a reload shows at once)
     * @param reloader the process's reloader for the last reload's result, or null when it has none
     */
    public ConfigRoutes(Supplier<SluiceConfig> config, ConfigReloader reloader) {
        this.config = config;
        this.reloader = reloader;
    }

    @Override
    public void mount(Router router, AdminAuth auth) {
        router.get("/admin/config").handler(auth.require(Scope.READ)).handler(this::show);
    }

    private void show(RoutingContext ctx) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("config", redacted(config.get()));
        ReloadResult last = reloader == null ? null : reloader.last();
        answer.put("last_reload", last == null ? null : lastReload(last));
        try {
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader("Cache-Control", "no-store")
                    .end(JSON.writeValueAsString(answer));
        } catch (JsonProcessingException e) {
            ctx.fail(500, e); // AdminErrors answers internal_error; the message is not shown
        }
    }

    private static Map<String, Object> lastReload(ReloadResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", r.at().toString());
        m.put("outcome", r.outcome().id());
        m.put("ok", r.ok());
        m.put("detail", r.detail());
        m.put("needs_restart", r.needsRestart());
        return m;
    }

    /** The config as a JSON tree: secrets as {@code ***}, Kafka client property values as {@code ***}. */
    static JsonNode redacted(SluiceConfig config) {
        JsonNode tree = JSON.valueToTree(config);
        if (tree.path("kafka").path("properties") instanceof ObjectNode props) {
            List<String> keys = new ArrayList<>();
            props.fieldNames().forEachRemaining(keys::add);
            keys.forEach(k -> props.put(k, "***"));
        }
        return tree;
    }

    /** The redacted JSON text of a config (tests check that no secret survives). */
    static String redactedJson(SluiceConfig config) throws JsonProcessingException {
        return JSON.writeValueAsString(redacted(config));
    }
}
