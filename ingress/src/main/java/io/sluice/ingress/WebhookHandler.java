package io.sluice.ingress;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.scheme.Delivery;
import io.sluice.scheme.HandshakeReply;
import io.sluice.scheme.HandshakeRequest;
import io.sluice.scheme.Verification;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * {@code POST /webhooks/{source}} (and a source's own path): reads the body within its limit,
 * verifies it on the raw bytes, writes it to the raw topic and answers only once Kafka acknowledged.
 * Everything here runs on the request's event loop; blocking work (large HMACs, {@code send()})
 * happens elsewhere.
 */
final class WebhookHandler {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);

    private final Vertx vertx;
    private final Clock clock;
    private final Replies replies;
    private final RawRecords records;
    private final RawWriter writer;
    private final IngressMetrics metrics;
    private final IngressLimits limits;
    private final Duration kafkaTimeout;
    private final ObjectMapper json;
    private final RejectionRecorder rejections;
    /**
     * Each event loop's Kafka-ack and body-read deadlines (the handler is shared by every loop; a list
     * is used on its own loop only).
     */
    private final ThreadLocal<LoopDeadlines> ackDeadlines = new ThreadLocal<>();
    private final ThreadLocal<LoopDeadlines> bodyDeadlines = new ThreadLocal<>();

    WebhookHandler(Vertx vertx, Clock clock, Replies replies, RawRecords records, RawWriter writer,
                   IngressMetrics metrics, IngressLimits limits, Duration kafkaTimeout, ObjectMapper json) {
        this(vertx, clock, replies, records, writer, metrics, limits, kafkaTimeout, json, null);
    }

    /** @param rejections records every refused delivery for the admin API (null: not recorded) */
    WebhookHandler(Vertx vertx, Clock clock, Replies replies, RawRecords records, RawWriter writer,
                   IngressMetrics metrics, IngressLimits limits, Duration kafkaTimeout, ObjectMapper json,
                   RejectionRecorder rejections) {
        this.rejections = rejections;
        this.vertx = vertx;
        this.clock = clock;
        this.replies = replies;
        this.records = records;
        this.writer = writer;
        this.metrics = metrics;
        this.limits = limits;
        this.kafkaTimeout = kafkaTimeout;
        this.json = json;
    }

    void handle(HttpServerRequest request, Endpoint endpoint) {
        if (request.method() == HttpMethod.GET) {
            // Only a provider's GET challenge (Meta, Dropbox, Okta…) is served; never written to Kafka.
            Delivery d = new Delivery(url(request), new VertxHeaders(request.headers()), new byte[0]);
            HandshakeReply reply = handshake(endpoint, () -> endpoint.handshake().unsigned(new HandshakeRequest("GET", d),
                    endpoint.source()));
            answer(request, endpoint, reply != null ? handshakeReply(endpoint, reply) : replies.failure(Failure.METHOD_NOT_ALLOWED));
            return;
        }
        if (request.method() != HttpMethod.POST) {
            answer(request, endpoint, replies.failure(Failure.METHOD_NOT_ALLOWED));
            return;
        }
        long receivedAt = clock.millis();
        long length = -1;
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                answer(request, endpoint, replies.failure(Failure.BAD_REQUEST, "Content-Length is not a number").closing());
                return;
            }
        }
        if (length > endpoint.maxBodyBytes()) {
            // refused before a byte of the body is read
            answer(request, endpoint, replies.failure(Failure.PAYLOAD_TOO_LARGE));
            return;
        }
        if (endpoint.limiter() != null) {
            long wait = endpoint.limiter().peek();
            if (wait > 0) {
                // over its limit already: refused before the body is read or verified (the body is
                // left unread, so the connection closes, as for every early refusal)
                rateLimited(request, endpoint, wait, true);
                return;
            }
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            request.response().writeContinue();
        }
        new BodyReader(request, endpoint.maxBodyBytes(), bodyDeadlines()).read(length, result -> {
            if (result instanceof BodyReader.Result.Complete c) {
                verify(request, endpoint, c.body(), receivedAt);
            } else if (result instanceof BodyReader.Result.TooLarge) {
                answer(request, endpoint, replies.failure(Failure.PAYLOAD_TOO_LARGE));
            } else if (result instanceof BodyReader.Result.TimedOut) {
                answer(request, endpoint, replies.failure(Failure.REQUEST_TIMEOUT));
            } else {
                metrics.request(endpoint.name(), "aborted");
            }
        });
    }

    private void verify(HttpServerRequest request, Endpoint endpoint, byte[] body, long receivedAt) {
        Delivery delivery = new Delivery(url(request), new VertxHeaders(request.headers()), body);
        HandshakeReply unsigned = handshake(endpoint, () -> endpoint.handshake().unsigned(
                new HandshakeRequest("POST", delivery), endpoint.source()));
        if (unsigned != null) {
            answer(request, endpoint, handshakeReply(endpoint, unsigned));
            return;
        }
        Future<Verification> outcome = body.length >= limits.offloadVerifyBytes()
                ? vertx.executeBlocking(() -> verifySafely(endpoint, delivery), false)
                : Future.succeededFuture(verifySafely(endpoint, delivery));
        outcome.onComplete(ar -> guarded(request, endpoint, () -> {
            Verification v = ar.succeeded() ? ar.result() : null;
            if (v instanceof Verification.Verified ok && ok.eventId() != null && !ok.eventId().isEmpty()) {
                HandshakeReply challenge = handshake(endpoint, () -> endpoint.handshake().verified(
                        new HandshakeRequest("POST", delivery), ok, endpoint.source()));
                if (challenge != null) {
                    answer(request, endpoint, handshakeReply(endpoint, challenge));
                } else {
                    accept(request, endpoint, ok, body, receivedAt);
                }
            } else if (v instanceof Verification.Rejected no) {
                if (no.fault() != null) {
                    metrics.verifierError(endpoint.name(), no.fault());
                }
                metrics.verificationFailure(endpoint.name(), no.reason().code());
                LOG.info("event=rejected source={} reason={} status={}", endpoint.name(), no.reason().code(),
                        no.reason().status());
                answer(request, endpoint, replies.rejected(no.reason(), no.detail()), body.length);
            } else {
                metrics.verificationFailure(endpoint.name(), Failure.BAD_REQUEST.code());
                answer(request, endpoint, replies.failure(Failure.BAD_REQUEST, "the delivery could not be read"),
                        body.length);
            }
        }));
    }

    /**
     * Runs an asynchronous step; a bug in it answers 500 (no stack trace, class name logged) instead of
     * leaving the sender waiting until the idle timeout.
     */
    private void guarded(HttpServerRequest request, Endpoint endpoint, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.error("event=internal_error source={} error={}", endpoint.name(), e.getClass().getName());
            answer(request, endpoint, replies.failure(Failure.INTERNAL).closing());
        }
    }

    /**
     * A verifier that throws on garbled input must not turn into a 500 (or a stack trace in a body),
     * nor hide as a bad signature: it is answered 400, logged and counted.
     */
    private Verification verifySafely(Endpoint endpoint, Delivery delivery) {
        try {
            return endpoint.verifier().verify(delivery);
        } catch (RuntimeException | StackOverflowError e) {
            // the class only: a message could quote header values
            LOG.warn("event=verifier_error source={} error={}", endpoint.name(), e.getClass().getName());
            metrics.verifierError(endpoint.name(), e.getClass().getName());
            return null;
        }
    }

    /**
     * Runs a handshake hook; one that throws is logged and treated as "not a handshake", so the
     * request is verified (or refused) like any other.
     */
    private HandshakeReply handshake(Endpoint endpoint, java.util.function.Supplier<HandshakeReply> hook) {
        try {
            return hook.get();
        } catch (RuntimeException | StackOverflowError e) {
            LOG.warn("event=handshake_error source={} error={}", endpoint.name(), e.getClass().getName());
            metrics.verifierError(endpoint.name(), e.getClass().getName());
            return null;
        }
    }

    private Reply handshakeReply(Endpoint endpoint, HandshakeReply h) {
        String outcome = h.status() < 300 ? "handshake" : "handshake_refused";
        metrics.handshake(endpoint.name(), outcome);
        LOG.info("event=handshake source={} status={}", endpoint.name(), h.status());
        return new Reply(h.status(), outcome, h.contentType(), h.body(), h.headers(), false);
    }

    private void accept(HttpServerRequest request, Endpoint endpoint, Verification.Verified v, byte[] body,
                        long receivedAt) {
        if (endpoint.limiter() != null) {
            // Only verified deliveries take a token: a flood of forged requests to this source's URL
            // gets 401s and cannot use up the budget of the real provider.
            long wait = endpoint.limiter().tryAcquire();
            if (wait > 0) {
                rateLimited(request, endpoint, wait, false);
                return;
            }
        }
        AckWait wait = new AckWait(request, endpoint, v, body, vertx.getOrCreateContext(), ackDeadlines());
        wait.deadlines.add(wait, System.nanoTime());
        writer.write(records.record(endpoint.name(), v, body, request.getHeader(HttpHeaders.CONTENT_TYPE), receivedAt),
                wait);
    }

    /** This event loop's body-read deadlines. */
    private LoopDeadlines bodyDeadlines() {
        return deadlines(bodyDeadlines, limits.bodyReadTimeout());
    }

    /** This event loop's Kafka-ack deadlines. */
    private LoopDeadlines ackDeadlines() {
        return deadlines(ackDeadlines, kafkaTimeout);
    }

    /** The calling event loop's deadlines of one kind, and their sweep, created on the loop's first use. */
    private LoopDeadlines deadlines(ThreadLocal<LoopDeadlines> perLoop, Duration timeout) {
        LoopDeadlines d = perLoop.get();
        if (d == null) {
            LoopDeadlines created = new LoopDeadlines(timeout);
            // set from the event loop, so the sweep runs on it too (and ends when Vert.x closes)
            vertx.setPeriodic(created.sweepMillis(), id -> created.sweep(System.nanoTime()));
            perLoop.set(created);
            d = created;
        }
        return d;
    }

    /**
     * One verified delivery on its way to Kafka: its ack deadline, the producer's callback and the hop
     * back to the request's event loop, in one object (before: a timer, a flag array, a future's
     * callback and three lambdas per request). Answered exactly once: by the acknowledgement (or
     * Kafka's error), or by the deadline's sweep with 503 {@code unavailable}, whichever comes first;
     * the other is ignored.
     */
    private final class AckWait extends LoopDeadlines.Waiter
            implements java.util.function.BiConsumer<RecordMetadata, Throwable>, Handler<Void>, Runnable {
        private final HttpServerRequest request;
        private final Endpoint endpoint;
        private final Verification.Verified v;
        private final byte[] body;
        private final Context context;
        private final LoopDeadlines deadlines;
        /** Event-loop only. */
        private boolean answered;
        /** Set on the producer's thread before the hop; read on the loop after it (the task queue orders them). */
        private RecordMetadata metadata;
        private Throwable error;

        AckWait(HttpServerRequest request, Endpoint endpoint, Verification.Verified v, byte[] body, Context context,
                LoopDeadlines deadlines) {
            this.request = request;
            this.endpoint = endpoint;
            this.v = v;
            this.body = body;
            this.context = context;
            this.deadlines = deadlines;
        }

        /** The write's outcome, on a Kafka thread (or the caller's): back to the request's event loop. */
        @Override
        public void accept(RecordMetadata md, Throwable e) {
            metadata = md;
            error = e;
            context.runOnContext(this);
        }

        /** On the event loop. */
        @Override
        public void handle(Void ignored) {
            guarded(request, endpoint, this);
        }

        /** On the event loop, guarded: the acknowledgement's answer unless the deadline answered first. */
        @Override
        public void run() {
            if (answered) {
                return;
            }
            answered = true;
            deadlines.remove(this);
            if (error == null) {
                logAccepted(endpoint, v, body, metadata);
                answer(request, endpoint, replies.accepted(v.eventId()));
            } else {
                String cause = error instanceof RawWriter.Saturated ? "saturated" : error.getClass().getSimpleName();
                LOG.warn("event=unavailable source={} id={} cause={}", endpoint.name(), LogText.safe(v.eventId()), cause);
                answer(request, endpoint, replies.failure(Failure.UNAVAILABLE));
            }
        }

        /** On the event loop, from the sweep: no acknowledgement within {@code kafka-timeout}. */
        @Override
        void expired() {
            if (answered) {
                return;
            }
            answered = true;
            LOG.warn("event=unavailable source={} id={} cause=ack_timeout", endpoint.name(), LogText.safe(v.eventId()));
            answer(request, endpoint, replies.failure(Failure.UNAVAILABLE));
        }
    }

    private void rateLimited(HttpServerRequest request, Endpoint endpoint, long waitNanos, boolean bodyUnread) {
        metrics.rateLimited(endpoint.name());
        Reply reply = replies.rateLimited(TokenBucket.retryAfterSeconds(waitNanos));
        answer(request, endpoint, bodyUnread ? reply.closing() : reply);
    }

    private static void logAccepted(Endpoint endpoint, Verification.Verified v, byte[] body, RecordMetadata md) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("event=accepted source={} id={} type={} bytes={} partition={} offset={}", endpoint.name(),
                    LogText.safe(v.eventId()), LogText.safe(v.eventType()), body.length, md.partition(), md.offset());
        }
    }

    private void answer(HttpServerRequest request, Endpoint endpoint, Reply reply) {
        answer(request, endpoint, reply, -1);
    }

    /** @param bodyBytes bytes of body read, or -1 when not read (then the declared Content-Length, if any) */
    private void answer(HttpServerRequest request, Endpoint endpoint, Reply reply, long bodyBytes) {
        metrics.request(endpoint.name(), reply.outcome());
        // 503 is Sluice's own trouble (Kafka), not a refused delivery
        if (rejections != null && reply.status() >= 400 && reply.status() != 503) {
            rejections.record(Rejections.of(request, endpoint.name(), reply.status(), reply.outcome(), bodyBytes,
                    clock.millis()));
        }
        Responder.send(request, reply);
    }

    /** The URL the provider called, for schemes that sign it; the path when the Host header is unusable. */
    private static String url(HttpServerRequest request) {
        try {
            String abs = request.absoluteURI();
            return abs != null ? abs : request.uri();
        } catch (RuntimeException e) {
            return request.uri();
        }
    }
}
