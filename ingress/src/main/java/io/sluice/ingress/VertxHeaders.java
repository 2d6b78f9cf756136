package io.sluice.ingress;

import io.sluice.scheme.Headers;
import io.vertx.core.MultiMap;

import java.util.List;

/** The verifiers' {@link Headers} view of Vert.x request headers (already case-insensitive). */
final class VertxHeaders implements Headers {
    private final MultiMap headers;

    VertxHeaders(MultiMap headers) {
        this.headers = headers;
    }

    @Override
    public List<String> getAll(String name) {
        return List.copyOf(headers.getAll(name));
    }
}
