package io.sluice.ingress;

import io.sluice.scheme.Headers;
import io.vertx.core.MultiMap;

import java.util.Collections;
import java.util.List;

/** The verifiers' {@link Headers} view of Vert.x request headers (already case-insensitive). */
final class VertxHeaders implements Headers {
    private final MultiMap headers;

    VertxHeaders(MultiMap headers) {
        this.headers = headers;
    }

    @Override
    public List<String> getAll(String name) {
        // getAll builds a fresh list per call: wrapped read-only, not copied again
        return Collections.unmodifiableList(headers.getAll(name));
    }
}
