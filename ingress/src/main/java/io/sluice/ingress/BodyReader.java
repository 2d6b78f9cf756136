package io.sluice.ingress;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

import java.time.Duration;

/**
 * Reads a request body up to a limit and within a deadline, on the request's event loop. Never
 * holds more than {@code limit} bytes: the chunk that would cross the limit ends the read with
 * {@link Result.TooLarge} and everything after it is dropped unread.
 */
final class BodyReader {

    /** How a body read ended. */
    sealed interface Result permits Result.Complete, Result.TooLarge, Result.TimedOut, Result.Aborted {
        /** The whole body. */
        record Complete(byte[] body) implements Result {
        }

        /** More than the limit arrived. */
        record TooLarge() implements Result {
        }

        /** The body did not arrive within the deadline. */
        record TimedOut() implements Result {
        }

        /** The connection failed or closed mid-body. */
        record Aborted() implements Result {
        }
    }

    private final Vertx vertx;
    private final HttpServerRequest request;
    private final long limit;
    private final Duration deadline;
    private Buffer buffer;
    private boolean done;
    private long timer = -1;

    BodyReader(Vertx vertx, HttpServerRequest request, long limit, Duration deadline) {
        this.vertx = vertx;
        this.request = request;
        this.limit = limit;
        this.deadline = deadline;
    }

    /**
     * Starts reading; {@code onResult} is called exactly once, on the event loop.
     *
     * @param expectedLength the Content-Length when known (already checked against the limit), else -1
     */
    void read(long expectedLength, Handler<Result> onResult) {
        int initial = (int) Math.min(limit, expectedLength > 0 ? expectedLength : 8192);
        buffer = Buffer.buffer(Math.max(16, initial));
        timer = vertx.setTimer(Math.max(1, deadline.toMillis()), t -> finish(new Result.TimedOut(), onResult));
        request.handler(chunk -> {
            if (done) {
                return;
            }
            if ((long) buffer.length() + chunk.length() > limit) {
                buffer = null; // let go of what was read: it will never be used
                finish(new Result.TooLarge(), onResult);
                return;
            }
            buffer.appendBuffer(chunk);
        });
        request.exceptionHandler(e -> finish(new Result.Aborted(), onResult));
        request.endHandler(v -> {
            if (!done) {
                byte[] bytes = buffer.getBytes();
                finish(new Result.Complete(bytes), onResult);
            }
        });
    }

    private void finish(Result result, Handler<Result> onResult) {
        if (done) {
            return;
        }
        done = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (!(result instanceof Result.Complete)) {
            buffer = null;
            request.handler(ignored -> { }); // drain and drop: the connection closes after the answer
        }
        onResult.handle(result);
    }
}
