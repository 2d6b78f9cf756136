package io.sluice.bench.harness;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * One pre-built HTTP delivery: path, headers (signature included) and body, made before the clock
 * starts so that signing never counts against the server.
 */
record Req(String uri, MultiMap headers, Buffer body) {
}
