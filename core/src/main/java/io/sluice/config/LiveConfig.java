package io.sluice.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The running config of a process, and its reloads ({@link ConfigReloader}).
 *
 * <p>A reload reads the file with the start-up {@link ConfigLoader} (so an invalid file is refused
 * with the start-up message), takes over what may change live: {@code sources} (secrets, paths,
 * schemes, rate limits, body limits), {@code routes} and {@code admin.tokens}, asks every registered
 * {@link ConfigApplier} to prepare, and only when all of them could, switches them all. Everything
 * else ({@code kafka}, {@code topics}, {@code ingress} listener settings, {@code processor},
 * {@code admin.host}/{@code port}) keeps its running value; a changed value there is reported in
 * {@link ReloadResult#needsRestart()}.
 *
 * <p>Admin tokens: the file's tokens replace the running ones. Two exceptions: a file that names no
 * token while it named none at start-up keeps the tokens the process started with ({@code up}'s
 * generated demo token); and when the process started with no token at all (the admin API is off),
 * tokens added to the file need a restart to turn the API on.
 */
public final class LiveConfig implements ConfigReloader, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveConfig.class);

    private final Path file;
    private final ConfigLoader loader;
    private final Clock clock;
    private final SluiceConfig startup;
    /** The admin tokens the process started with (the file's, or {@code up}'s generated demo token). */
    private final List<AdminToken> startTokens;
    private final List<ConfigApplier> appliers = new CopyOnWriteArrayList<>();
    private final List<Consumer<ReloadResult>> listeners = new CopyOnWriteArrayList<>();
    private volatile SluiceConfig current;
    private volatile ReloadResult last;
    private ConfigWatcher watcher;

    /**
     * @param file    the config file
     * @param loader  the loader used at start-up (same environment)
     * @param loaded  the config as read from the file at start-up: restart-only keys are compared with it
     * @param running the config the process runs (e.g. with the embedded broker's address filled in)
     */
    public LiveConfig(Path file, ConfigLoader loader, SluiceConfig loaded, SluiceConfig running, Clock clock) {
        this.file = file;
        this.loader = loader;
        this.clock = clock;
        this.startup = loaded;
        this.startTokens = running.admin().tokens();
        this.current = running;
        this.last = new ReloadResult(ReloadResult.Outcome.RELOADED, clock.instant(), "loaded at start-up", List.of());
    }

    /** The config running now. */
    public SluiceConfig current() {
        return current;
    }

    /** Adds a part to switch on each reload (prepared and switched in the order added). */
    public void register(ConfigApplier applier) {
        appliers.add(applier);
    }

    /** Called with every reload's result (metrics). */
    public void onResult(Consumer<ReloadResult> listener) {
        listeners.add(listener);
    }

    /**
     * Reloads whenever the file (or a file it names with {@code ${file:…}}) changes; see
     * {@link ConfigWatcher}. Idempotent.
     */
    public synchronized void watch(Duration pollInterval) {
        if (watcher == null) {
            watcher = new ConfigWatcher(file, pollInterval, this::reload);
            watcher.start();
        }
    }

    @Override
    public synchronized ReloadResult reload() {
        SluiceConfig next;
        try {
            next = loader.read(file);
        } catch (ConfigException e) {
            return finish(ReloadResult.Outcome.INVALID, e.getMessage(), List.of());
        }
        List<String> restart = new ArrayList<>();
        for (String section : List.of("kafka", "topics", "processor")) {
            diff(section, component(startup, section), component(next, section), restart);
        }
        diff("admin.host", startup.admin().host(), next.admin().host(), restart);
        diff("admin.port", startup.admin().port(), next.admin().port(), restart);
        List<AdminToken> tokens = liveTokens(next.admin().tokens(), restart);
        IngressConfig ingress = new IngressConfig(startup.ingress().host(), startup.ingress().port(),
                next.ingress().maxBodyBytes(), startup.ingress().kafkaTimeout(), startup.ingress().maxInFlight(),
                startup.ingress().tls());
        diff("ingress", ingress, next.ingress(), restart);

        SluiceConfig running = current;
        IngressConfig liveIngress = new IngressConfig(running.ingress().host(), running.ingress().port(),
                next.ingress().maxBodyBytes(), running.ingress().kafkaTimeout(), running.ingress().maxInFlight(),
                running.ingress().tls());
        SluiceConfig effective = new SluiceConfig(running.kafka(), running.topics(), liveIngress,
                running.processor(), running.admin().withTokens(tokens), next.routes(), next.sources());
        if (effective.equals(running)) {
            return finish(ReloadResult.Outcome.UNCHANGED, "no change to sources, routes or admin tokens", restart);
        }
        List<Runnable> switches = new ArrayList<>();
        try {
            for (ConfigApplier a : appliers) {
                switches.add(a.prepare(effective));
            }
        } catch (ConfigException e) {
            return finish(ReloadResult.Outcome.INVALID, e.getMessage(), restart);
        } catch (RuntimeException e) {
            // the class and first line only: no stack trace, and Kafka messages carry no secrets
            return finish(ReloadResult.Outcome.FAILED, e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()),
                    restart);
        }
        switches.forEach(Runnable::run);
        current = effective;
        return finish(ReloadResult.Outcome.RELOADED, effective.sources().size() + " sources, "
                + effective.routes().size() + " routes, " + effective.admin().tokens().size() + " admin tokens",
                restart);
    }

    /** The admin tokens a reload runs with (see the class comment); adds {@code admin.tokens} to {@code restart} when they cannot apply. */
    private List<AdminToken> liveTokens(List<AdminToken> inFile, List<String> restart) {
        if (startTokens.isEmpty()) {
            // the admin API is off: turning it on means binding a port, which is a restart
            if (!inFile.isEmpty()) {
                restart.add("admin.tokens");
            }
            return startTokens;
        }
        if (inFile.isEmpty() && startup.admin().tokens().isEmpty()) {
            return startTokens; // `up`'s generated demo token, for a file that never named one
        }
        return inFile;
    }

    @Override
    public ReloadResult last() {
        return last;
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }

    private ReloadResult finish(ReloadResult.Outcome outcome, String detail, List<String> restart) {
        ReloadResult r = new ReloadResult(outcome, clock.instant(), detail, restart);
        last = r;
        // the detail is a ConfigException message (names the key, never a secret) or a summary
        switch (outcome) {
            case RELOADED -> LOG.info("event=config_reload result={} file={} detail=\"{}\" needs_restart={}",
                    outcome.id(), file, detail, restart);
            case UNCHANGED -> LOG.info("event=config_reload result={} file={} needs_restart={}", outcome.id(), file, restart);
            default -> LOG.warn("event=config_reload result={} file={} detail=\"{}\" (the running config stays)",
                    outcome.id(), file, detail);
        }
        if (outcome.equals(ReloadResult.Outcome.RELOADED) || outcome.equals(ReloadResult.Outcome.UNCHANGED)) {
            if (!restart.isEmpty()) {
                LOG.warn("event=config_needs_restart keys={}", restart);
            }
        }
        for (Consumer<ReloadResult> l : listeners) {
            try {
                l.accept(r);
            } catch (RuntimeException e) {
                LOG.warn("event=reload_listener_failed error={}", e.getClass().getName());
            }
        }
        return r;
    }

    /** Adds the keys (kebab-case paths such as {@code ingress.port}) whose values differ. */
    private static void diff(String path, Object before, Object after, List<String> out) {
        if (Objects.equals(before, after)) {
            return;
        }
        if (before != null && after != null && before.getClass().isRecord() && before.getClass() == after.getClass()) {
            for (RecordComponent c : before.getClass().getRecordComponents()) {
                diff(path + "." + keyName(c), value(c, before), value(c, after), out);
            }
            return;
        }
        out.add(path);
    }

    private static Object component(SluiceConfig config, String section) {
        return switch (section) {
            case "kafka" -> config.kafka();
            case "topics" -> config.topics();
            default -> config.processor();
        };
    }

    private static String keyName(RecordComponent c) {
        JsonProperty renamed = c.getAccessor().getAnnotation(JsonProperty.class);
        if (renamed != null && !renamed.value().isEmpty()) {
            return renamed.value();
        }
        return c.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static Object value(RecordComponent c, Object record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
