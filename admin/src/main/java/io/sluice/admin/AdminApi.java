package io.sluice.admin;

import io.sluice.admin.replay.ReplayEngine;
import io.sluice.admin.replay.ReplayRequestParser;
import io.sluice.admin.replay.ReplayRoutes;
import io.sluice.admin.replay.ReplaySettings;
import io.sluice.admin.console.ConfigRoutes;
import io.sluice.admin.console.ConsoleHeaders;
import io.sluice.admin.console.SampleCurlRoutes;
import io.sluice.admin.streams.StreamsApi;
import io.sluice.config.AdminConfig;
import io.sluice.config.ConfigReloader;
import io.sluice.config.LiveConfig;
import io.sluice.config.SluiceConfig;
import io.sluice.processor.EventOutputs;
import io.sluice.processor.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.Set;

/**
 * The admin API as {@code up} and {@code processor} run it: the audit log, every area's
 * {@link AdminRoutes} and the {@link AdminServer}. Off (nothing started) when no token is configured.
 *
 * <pre>{@code
 * AdminApi admin = AdminApi.startIfEnabled(config, processor, reloader);   // null when admin.tokens is empty
 * ...
 * admin.close();
 * }</pre>
 */
public final class AdminApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);

    private final AdminServer server;
    private final AuditLog audit;
    private final List<AutoCloseable> parts;

    private AdminApi(AdminServer server, AuditLog audit, List<AutoCloseable> parts) {
        this.server = server;
        this.audit = audit;
        this.parts = parts;
    }

    /**
     * Starts the admin API on {@code admin.host:admin.port} when {@code admin.tokens} is not empty.
     *
     * @param processor the running processor of this process (its state answers event lookups)
     * @param reloader  the process's live config, for {@code POST /admin/reload} (null: answers 503)
     * @return the running API, or null when it is off
     */
    public static AdminApi startIfEnabled(SluiceConfig config, Processor processor, ConfigReloader reloader) {
        AdminConfig ac = config.admin();
        if (!ac.enabled()) {
            LOG.info("event=admin_off reason=no_tokens_configured");
            return null;
        }
        AuditLog audit = AuditLog.start(config);
        List<AutoCloseable> parts = new ArrayList<>();
        try {
            List<AdminRoutes> routes = routes(config, processor, reloader, audit, parts);
            AdminAuth auth = new AdminAuth(ac.tokens());
            if (reloader instanceof LiveConfig live) {
                // tokens added, removed or changed in the file take effect with the reload
                live.register(next -> auth.prepare(next.admin().tokens()));
            }
            AdminServer server = AdminServer.start(ac.host(), ac.port(), auth, routes);
            return new AdminApi(server, audit, parts);
        } catch (RuntimeException e) {
            closeAll(parts);
            audit.close();
            throw e;
        }
    }

    /**
     * Every area's routes. An area that needs a background part (a consumer, a job runner) adds it
     * to {@code parts}; it is closed with the API, after the HTTP server.
     */
    static List<AdminRoutes> routes(SluiceConfig config, Processor processor, ConfigReloader reloader,
                                    AuditLog audit, List<AutoCloseable> parts) {
        List<AdminRoutes> routes = new ArrayList<>();
        routes.add(new ReloadRoutes(reloader, audit));
        routes.add(replayRoutes(config, processor, audit, parts));
        IndexPeers peers = new IndexPeers(new IndexPeers.Directory() {
            @Override
            public java.util.Optional<org.apache.kafka.streams.state.HostInfo> ownerOf(byte[] key) {
                return processor.ownerOf(key);
            }

            @Override
            public List<org.apache.kafka.streams.state.HostInfo> others() {
                return processor.otherInstances();
            }
        });
        routes.add(new EventRoutes(processor.eventIndex(), peers));
        RejectionsView rejections = RejectionsView.start(config, Clock.systemUTC());
        parts.add(rejections);
        routes.add(new SourceRoutes(config, processor.eventIndex(), peers, rejections, Clock.systemUTC()));
        // the web console (static files at /console/): its headers, running config, copy-as-curl
        routes.add(new ConsoleHeaders());
        Supplier<SluiceConfig> running = reloader instanceof LiveConfig live ? live::current : () -> config;
        routes.add(new ConfigRoutes(running, reloader));
        routes.add(new SampleCurlRoutes(running, audit, Clock.systemUTC()));
        // event streams over HTTP (GET /streams/{topic}) and their tokens (POST /admin/stream-tokens)
        StreamsApi streams = StreamsApi.start(config, running, audit);
        parts.add(streams);
        routes.add(streams);
        return routes;
    }

    /** Replay jobs: the engine (resumes unfinished jobs now) and its routes. */
    private static AdminRoutes replayRoutes(SluiceConfig config, Processor processor, AuditLog audit,
                                            List<AutoCloseable> parts) {
        // the processor's own normalization and routing, which a live reload swaps in place
        EventOutputs outputs = processor != null ? processor.outputs() : new EventOutputs(config);
        ReplayEngine engine = ReplayEngine.start(config, () -> outputs, ReplaySettings.DEFAULTS);
        parts.add(engine);
        Set<String> reserved = Set.of(config.topics().raw(), engine.jobsTopic(), config.topics().index(),
                config.topics().rejections(), config.topics().audit());
        return new ReplayRoutes(engine, new ReplayRequestParser(reserved, Clock.systemUTC()), audit);
    }

    /** The bound port. */
    public int port() {
        return server.port();
    }

    /** The mounted routes (the OpenAPI check compares them with the document). */
    List<io.vertx.ext.web.Route> routes() {
        return server.routes();
    }

    /** Stops the HTTP server, then the routes' background parts, then the audit log. */
    @Override
    public void close() {
        server.close();
        closeAll(parts);
        audit.close();
    }

    private static void closeAll(List<AutoCloseable> parts) {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                LOG.warn("event=admin_part_close_failed part={} error={}", parts.get(i).getClass().getSimpleName(),
                        e.getClass().getSimpleName());
            }
        }
    }
}
