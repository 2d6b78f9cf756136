package io.sluice.app;

import io.sluice.admin.AdminApi;
import io.sluice.config.AdminToken;
import io.sluice.config.SluiceConfig;
import io.sluice.config.SourceConfig;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.SignedDelivery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The console's test setup: the real pipeline on the test broker ({@link RunningPipeline}) plus the
 * admin API that serves the console, as {@code bin/sluice up} runs them. The admin API can be
 * restarted on the same port (a dropped stream, a revoked token).
 */
final class ConsoleStack implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final RunningPipeline pipeline;
    private volatile AdminApi admin;
    private final int adminPort;

    private ConsoleStack(RunningPipeline pipeline, AdminApi admin) {
        this.pipeline = pipeline;
        this.admin = admin;
        this.adminPort = admin.port();
    }

    /** @param yaml admin, routes and sources (ingress and processor are set by the pipeline) */
    static ConsoleStack start(KafkaBroker kafka, Path stateDir, String yaml) {
        RunningPipeline pipeline = RunningPipeline.start(kafka, stateDir, yaml);
        try {
            AdminApi admin = AdminApi.startIfEnabled(pipeline.config, pipeline.processor, null);
            if (admin == null) {
                throw new IllegalStateException("the test config must configure admin.tokens");
            }
            return new ConsoleStack(pipeline, admin);
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    SluiceConfig config() {
        return pipeline.config;
    }

    SourceConfig source(String name) {
        return pipeline.config.source(name).orElseThrow();
    }

    int adminPort() {
        return adminPort;
    }

    /** The console's URL. */
    String consoleUrl() {
        return "http://127.0.0.1:" + adminPort + "/console/";
    }

    /** POSTs a signed delivery to the source's webhook path. */
    HttpResponse<String> deliver(SignedDelivery d, String source) throws Exception {
        return pipeline.post("/webhooks/" + source, d);
    }

    /** GETs an admin API path with a bearer token. */
    HttpResponse<String> adminGet(String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Stops the admin API (open streams drop) and starts it again on the same port with these tokens. */
    void restartAdmin(List<AdminToken> tokens) {
        admin.close();
        SluiceConfig cfg = pipeline.config.withAdmin(pipeline.config.admin().withAddress("127.0.0.1", adminPort)
                .withTokens(tokens));
        admin = AdminApi.startIfEnabled(cfg, pipeline.processor, null);
    }

    @Override
    public void close() {
        try {
            admin.close();
        } finally {
            pipeline.close();
        }
    }
}
