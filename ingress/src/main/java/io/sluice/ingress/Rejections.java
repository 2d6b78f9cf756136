package io.sluice.ingress;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** Builds the {@link RejectionRecorder.Rejection} of a refused request: header NAMES only, never values. */
final class Rejections {
    private static final int MAX_NAME_LENGTH = 100;

    private Rejections() {
    }

    static RejectionRecorder.Rejection of(HttpServerRequest request, String source, int status, String reason,
                                          long bodyBytes, long now) {
        TreeSet<String> names = new TreeSet<>();
        for (String n : request.headers().names()) {
            if (names.size() >= RejectionRecorder.MAX_HEADER_NAMES) {
                break;
            }
            String lower = n.toLowerCase(Locale.ROOT);
            names.add(lower.length() > MAX_NAME_LENGTH ? lower.substring(0, MAX_NAME_LENGTH) : lower);
        }
        Long size = bodyBytes >= 0 ? Long.valueOf(bodyBytes) : declaredLength(request);
        SocketAddress remote = request.remoteAddress();
        return new RejectionRecorder.Rejection(now, source, status, reason, List.copyOf(new ArrayList<>(names)), size,
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
