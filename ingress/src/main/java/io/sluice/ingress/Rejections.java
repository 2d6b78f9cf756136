package io.sluice.ingress;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link RejectionRecorder.Rejection} of a refused request: header NAMES only, never values.
 * Runs on the event loop, so it only copies the names as they came (bounded); lower-casing, de-duplicating
 * and sorting happen on the recorder's thread ({@link RejectionRecorder#names}).
 */
final class Rejections {
    /** Raw names copied per request: enough for {@link RejectionRecorder#MAX_HEADER_NAMES} distinct ones in practice. */
    static final int MAX_RAW_NAMES = 4 * RejectionRecorder.MAX_HEADER_NAMES;

    private Rejections() {
    }

    static RejectionRecorder.Rejection of(HttpServerRequest request, String source, int status, String reason,
                                          long bodyBytes, long now) {
        MultiMap headers = request.headers();
        List<String> names = new ArrayList<>(16);
        headers.forEach((name, value) -> {
            if (names.size() < MAX_RAW_NAMES) {
                names.add(name);
            }
        });
        Long size = bodyBytes >= 0 ? Long.valueOf(bodyBytes) : declaredLength(request);
        SocketAddress remote = request.remoteAddress();
        return new RejectionRecorder.Rejection(now, source, status, reason, names, size,
                remote == null ? null : remote.hostAddress());
    }

    private static Long declaredLength(HttpServerRequest request) {
        String cl = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (cl == null) {
            return null;
        }
        try {
            return Long.parseLong(cl.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
