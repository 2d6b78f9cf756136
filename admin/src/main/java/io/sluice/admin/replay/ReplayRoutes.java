package io.sluice.admin.replay;

import io.sluice.admin.AdminAuth;
import io.sluice.admin.AdminErrors;
import io.sluice.admin.AdminRoutes;
import io.sluice.admin.AuditLog;
import io.sluice.admin.replay.ReplayEngine.Submitted;
import io.sluice.admin.replay.ReplayRequestParser.Parsed;
import io.sluice.config.Scope;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The replay endpoints of the admin API:
 * <ul>
 *   <li>{@code POST /admin/replay} (scope replay): 202 with the job's progress (also when the id was
 *       known: nothing new starts); audited as {@code replay.start};</li>
 *   <li>{@code GET /admin/replay} (read): every known job, newest first;</li>
 *   <li>{@code GET /admin/replay/{job}} (read): {@code {job, state, done, total, …}}, 404 {@code unknown_job};</li>
 *   <li>{@code DELETE /admin/replay/{job}} (scope replay): cancels; 200 with the state; audited as
 *       {@code replay.cancel}.</li>
 * </ul>
 * Bad input is a 400 JSON error naming the field ({@link ReplayError.Code}).
 */
public final class ReplayRoutes implements AdminRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayRoutes.class);

    private final ReplayEngine engine;
    private final ReplayRequestParser parser;
    private final AuditLog audit;

    public ReplayRoutes(ReplayEngine engine, ReplayRequestParser parser, AuditLog audit) {
        this.engine = engine;
        this.parser = parser;
        this.audit = audit;
    }

    @Override
    public void mount(Router router, AdminAuth auth) {
        router.post("/admin/replay").handler(auth.require(Scope.REPLAY)).handler(ctx -> start(ctx, auth));
        router.get("/admin/replay").handler(auth.require(Scope.READ)).handler(this::list);
        router.get("/admin/replay/:job").handler(auth.require(Scope.READ)).handler(this::progress);
        router.delete("/admin/replay/:job").handler(auth.require(Scope.REPLAY)).handler(ctx -> cancel(ctx, auth));
    }

    private void start(RoutingContext ctx, AdminAuth auth) {
        byte[] body = ctx.body() == null || ctx.body().buffer() == null ? null : ctx.body().buffer().getBytes();
        Parsed parsed = parser.parse(body);
        if (parsed instanceof Parsed.Invalid invalid) {
            send(ctx, invalid.error());
            return;
        }
        ReplayRequest request = ((Parsed.Ok) parsed).request();
        String who = auth.tokenName(ctx);
        // offsets of the range and the definition's transaction: Kafka round trips, off the event loop
        ctx.vertx().executeBlocking(() -> engine.submit(request), false).onComplete(ar -> {
            if (ar.failed()) {
                unavailable(ctx, "start", ar.cause());
                return;
            }
            Submitted result = ar.result();
            if (result instanceof Submitted.Created c) {
                audit.record(who, "replay.start", startParams(request));
                AdminErrors.json(ctx, 202, ReplayProgress.of(c.job(), true));
            } else if (result instanceof Submitted.Existing e) {
                AdminErrors.json(ctx, 202, ReplayProgress.of(e.job(), false));
            } else if (result instanceof Submitted.Refused r) {
                send(ctx, r.error());
            }
        });
    }

    private void list(RoutingContext ctx) {
        AdminErrors.ok(ctx, Map.of("jobs", engine.list().stream().map(ReplayProgress::of).toList()));
    }

    private void progress(RoutingContext ctx) {
        Optional<String> job = jobId(ctx);
        if (job.isEmpty()) {
            return;
        }
        Optional<JobState> state = engine.get(job.get());
        if (state.isEmpty()) {
            send(ctx, ReplayError.of(ReplayError.Code.UNKNOWN_JOB, null));
            return;
        }
        AdminErrors.ok(ctx, ReplayProgress.of(state.get()));
    }

    private void cancel(RoutingContext ctx, AdminAuth auth) {
        Optional<String> job = jobId(ctx);
        if (job.isEmpty()) {
            return;
        }
        String who = auth.tokenName(ctx);
        // stores the cancel request and waits (bounded) for the job to stop: off the event loop
        ctx.vertx().executeBlocking(() -> engine.cancel(job.get()), false).onComplete(ar -> {
            if (ar.failed()) {
                unavailable(ctx, "cancel", ar.cause());
                return;
            }
            if (ar.result().isEmpty()) {
                send(ctx, ReplayError.of(ReplayError.Code.UNKNOWN_JOB, null));
                return;
            }
            JobState s = ar.result().get();
            audit.record(who, "replay.cancel", Map.of("job", s.job(), "state", s.state().id()));
            AdminErrors.ok(ctx, ReplayProgress.of(s));
        });
    }

    /** The path's job id when valid; otherwise answers 400 and returns empty. */
    private static Optional<String> jobId(RoutingContext ctx) {
        String job = ctx.pathParam("job");
        if (!JobIds.valid(job)) {
            send(ctx, ReplayError.of(ReplayError.Code.INVALID_JOB_ID,
                    "1 to " + JobIds.MAX_LENGTH + " characters of A-Z a-z 0-9 . _ -, starting with a letter or digit"));
            return Optional.empty();
        }
        return Optional.of(job);
    }

    private static Map<String, Object> startParams(ReplayRequest r) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("job", r.job());
        p.put("from", r.from().toString());
        p.put("to", r.to().toString());
        p.put("sources", r.sources());
        p.put("types", r.types());
        p.put("mode", r.mode().id());
        if (r.topic() != null) {
            p.put("topic", r.topic());
        }
        return p;
    }

    private static void unavailable(RoutingContext ctx, String what, Throwable cause) {
        // the class only: messages may quote Kafka internals; Kafka being away is not a bug
        LOG.warn("event=replay_{}_failed error={}", what, cause.getClass().getSimpleName());
        send(ctx, ReplayError.of(ReplayError.Code.UNAVAILABLE, "Kafka did not answer; try again"));
    }

    private static void send(RoutingContext ctx, ReplayError e) {
        if (e.code() == ReplayError.Code.TOO_MANY_JOBS || e.code() == ReplayError.Code.UNAVAILABLE) {
            ctx.response().putHeader("Retry-After", "5");
        }
        AdminErrors.send(ctx, e.code().status(), e.code().id(), e.detail());
    }
}
