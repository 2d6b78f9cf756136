package io.sluice.ingress;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.Map;

/** Writes a {@link Reply} to a request's response; must run on the request's event loop. */
final class Responder {
    private Responder() {
    }

    /**
     * Sends the reply unless the response was already sent or the client went away. When the
     * request still has an unread body (an early refusal, a cut-off upload) the answer says
     * {@code Connection: close} and the connection is closed once it is written: the rest of that
     * body can never be parsed as the next request.
     *
     * @return false when nothing was sent
     */
    static boolean send(HttpServerRequest request, Reply reply) {
        HttpServerResponse res = request.response();
        if (res.ended() || res.closed()) {
            return false;
        }
        boolean close = reply.close() || (!request.isEnded() && declaresBody(request));
        res.setStatusCode(reply.status());
        res.putHeader(HttpHeaders.CONTENT_TYPE, reply.contentType());
        res.putHeader("Cache-Control", "no-store");
        for (Map.Entry<String, String> h : reply.headers().entrySet()) {
            res.putHeader(h.getKey(), h.getValue());
        }
        if (close) {
            res.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
        var ended = res.end(Buffer.buffer(reply.body()));
        if (close) { // no listener (and no lambda) on the path of every 200
            ended.onComplete(ar -> request.connection().close());
        }
        return true;
    }

    /** True when the request announces a body (a length above zero, or chunked). */
    static boolean declaresBody(HttpServerRequest request) {
        String te = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        if (te != null) {
            return true;
        }
        String cl = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return cl != null && !cl.trim().equals("0");
    }
}
