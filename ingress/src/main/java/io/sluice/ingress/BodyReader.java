package io.sluice.ingress;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;


/**
 * Reads a request body up to a limit and within a deadline, on the request's event loop. Never
 * holds more than {@code limit} bytes: the chunk that would cross the limit ends the read with
 * {@link Result.TooLarge} and everything after it is dropped unread.
 */
final class BodyReader extends LoopDeadlines.Waiter {

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

    private final HttpServerRequest request;
    private final long limit;
    private final LoopDeadlines deadlines;
    /** The body when its length was declared: filled in place, so the bytes are copied once. */
    private byte[] exact;
    private int filled;
    /** The body otherwise (chunked), or past its declared length. */
    private Buffer buffer;
    private boolean done;
    private Handler<Result> onResult;

    /** @param deadlines the body-read deadlines of the request's event loop */
    BodyReader(HttpServerRequest request, long limit, LoopDeadlines deadlines) {
        this.request = request;
        this.limit = limit;
        this.deadlines = deadlines;
    }

    /**
     * Starts reading; {@code onResult} is called exactly once, on the event loop.
     *
     * @param expectedLength the Content-Length when known (already checked against the limit), else -1
     */
    void read(long expectedLength, Handler<Result> onResult) {
        if (expectedLength >= 0 && expectedLength <= limit) {
            // the declared length is within the limit (the caller refused it otherwise): the chunks are
            // copied straight into the body's array, not into a Buffer that is then copied again
            exact = new byte[(int) expectedLength];
        } else {
            buffer = Buffer.buffer((int) Math.min(limit, 8192));
        }
        // The deadline is a place in the event loop's list, swept every 100 ms at most: no timer set
        // and cancelled, and no task queued, per request (a small body usually comes in the same read
        // as its headers, so nearly every deadline is removed within the same event-loop turn).
        this.onResult = onResult;
        deadlines.add(this, System.nanoTime());
        request.handler(chunk -> {
            if (done) {
                return;
            }
            long have = exact != null ? filled : buffer.length();
            if (have + chunk.length() > limit) {
                exact = null;
                buffer = null; // let go of what was read: it will never be used
                finish(new Result.TooLarge(), onResult);
                return;
            }
            if (exact != null && filled + chunk.length() <= exact.length) {
                chunk.getBytes(0, chunk.length(), exact, filled);
                filled += chunk.length();
                return;
            }
            if (exact != null) {
                // more than declared (the HTTP codec never passes that on): keep every byte, as before
                buffer = Buffer.buffer(filled + chunk.length()).appendBytes(exact, 0, filled);
                exact = null;
            }
            buffer.appendBuffer(chunk);
        });
        request.exceptionHandler(e -> finish(new Result.Aborted(), onResult));
        request.endHandler(v -> {
            if (!done) {
                byte[] bytes = exact == null ? buffer.getBytes()
                        : filled == exact.length ? exact : java.util.Arrays.copyOf(exact, filled);
                finish(new Result.Complete(bytes), onResult);
            }
        });
    }

    /** The body did not arrive within the deadline (from the loop's sweep). */
    @Override
    void expired() {
        finish(new Result.TimedOut(), onResult);
    }

    private void finish(Result result, Handler<Result> onResult) {
        if (done) {
            return;
        }
        done = true;
        deadlines.remove(this);
        if (!(result instanceof Result.Complete)) {
            buffer = null;
            exact = null;
            request.handler(ignored -> { }); // drain and drop: the connection closes after the answer
        }
        onResult.handle(result);
    }
}
