package io.sluice.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.config.ConfigApplier;
import io.sluice.config.ConfigLoader;
import io.sluice.config.LiveConfig;
import io.sluice.config.ReloadResult;
import io.sluice.config.SluiceConfig;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Live config as {@code up}, {@code ingress} and {@code processor} run it: the config file is
 * watched (content hash polled every {@link #POLL}, see docs/config.md), each reload is counted in
 * {@code sluice_config_reloads_total{result}} and the same {@link LiveConfig} answers the admin
 * API's {@code POST /admin/reload}.
 */
final class LiveReload {
    static final Duration POLL = Duration.ofSeconds(2);

    private LiveReload() {
    }

    /**
     * @param loaded  the config as read from {@code file} at start-up
     * @param running the config the process runs
     * @param parts   the running parts that take a new config (ingress, processor)
     */
    static LiveConfig start(Path file, SluiceConfig loaded, SluiceConfig running, List<MeterRegistry> registries,
                            ConfigApplier... parts) {
        LiveConfig live = new LiveConfig(file, new ConfigLoader(System.getenv()), loaded, running, Clock.systemUTC());
        for (ConfigApplier p : parts) {
            live.register(p);
        }
        for (MeterRegistry registry : registries) {
            for (ReloadResult.Outcome o : ReloadResult.Outcome.values()) {
                counter(registry, o); // every result shows up at 0 from the start
            }
            live.onResult(r -> counter(registry, r.outcome()).increment());
        }
        live.watch(POLL);
        return live;
    }

    private static Counter counter(MeterRegistry registry, ReloadResult.Outcome outcome) {
        return Counter.builder("sluice.config.reloads").description("Config reloads by result")
                .tag("result", outcome.id()).register(registry);
    }
}
