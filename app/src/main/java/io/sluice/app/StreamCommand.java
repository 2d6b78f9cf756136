package io.sluice.app;

import io.sluice.admin.streams.StreamClient;
import io.sluice.config.Durations;
import io.sluice.config.SluiceConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code bin/sluice stream TOPIC}: follows {@code GET /streams/{topic}}, one JSON line (CloudEvent) per event. */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = {"Follow a topic over HTTP (GET /streams/TOPIC on the admin port, Server-Sent Events):",
                "one JSON line (the CloudEvent) per event; reconnects with Last-Event-ID, so nothing is missed.",
                "Token: --token or SLUICE_STREAM_TOKEN (a stream token), else SLUICE_ADMIN_TOKEN (admin scope) mints one."})
final class StreamCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "TOPIC")
    String topic;

    @Option(names = "--since", paramLabel = "latest|earliest|CURSOR", description = "Where to start (default: latest).")
    String since;

    @Option(names = "--source", paramLabel = "NAME", description = "Only events of this source (repeatable).")
    List<String> sources = new ArrayList<>();

    @Option(names = "--type", paramLabel = "GLOB", description = "Only events whose type matches (repeatable; * and ?).")
    List<String> types = new ArrayList<>();

    @Option(names = "--url", paramLabel = "URL", description = "The admin API (default: http://admin.host:admin.port from the config).")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", description = "A stream token (default: $SLUICE_STREAM_TOKEN).")
    String token;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N events.")
    Integer max;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Stop when no event arrives for this long (e.g. 10s).")
    String timeout;

    @Override
    public Integer call() throws InterruptedException {
        URI base;
        if (url != null) {
            base = URI.create(url);
        } else {
            SluiceConfig cfg = config.load(true);
            String host = cfg.admin().host().equals("0.0.0.0") ? "127.0.0.1" : cfg.admin().host();
            base = URI.create("http://" + host + ":" + cfg.admin().port());
        }
        String streamToken = token != null ? token : System.getenv("SLUICE_STREAM_TOKEN");
        StreamClient.Options o = new StreamClient.Options(base, topic, since, sources, types, streamToken,
                System.getenv("SLUICE_ADMIN_TOKEN"), max, timeout == null ? null : Durations.parse("--timeout", timeout));
        return new StreamClient().run(o, System.out, System.err);
    }
}
