package io.sluice.ingress;

import io.sluice.config.IngressConfig;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;

import java.util.concurrent.TimeUnit;

/** The HTTP server's options: limits against slow or oversized requests, no compression, TLS when configured. */
final class ServerOptions {
    private ServerOptions() {
    }

    static HttpServerOptions of(IngressConfig config, IngressLimits limits) {
        // A request waiting for Kafka's ack sends no bytes: the idle timeout must outlast kafka-timeout.
        long idleMs = Math.max(limits.idleTimeout().toMillis(), config.kafkaTimeout().toMillis() + 5_000);
        HttpServerOptions o = new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, idleMs))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxHeaderSize(limits.maxHeaderBytes())
                .setMaxInitialLineLength(limits.maxInitialLineBytes())
                // Signatures are over the bytes received: never inflate bodies, never compress answers.
                .setDecompressionSupported(false)
                .setCompressionSupported(false)
                // 100-continue is answered by the handler after the source and length checks, so an
                // oversized body is refused before it is sent.
                .setHandle100ContinueAutomatically(false)
                // HTTP/1.1 only: no h2c upgrade (and no ALPN under TLS). Webhook senders speak 1.1, and
                // per-request limits, Connection: close and graceful shutdown stay simple and tested.
                .setHttp2ClearTextEnabled(false)
                .setUseAlpn(false)
                .setTcpNoDelay(true);
        if (config.tls() != null) {
            o.setSsl(true)
                    .setKeyCertOptions(new PemKeyCertOptions()
                            .setCertPath(config.tls().certPath().toString())
                            .setKeyPath(config.tls().keyPath().toString()))
                    .setSslHandshakeTimeout(10)
                    .setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
        }
        return o;
    }
}
