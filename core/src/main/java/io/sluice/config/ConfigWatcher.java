package io.sluice.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Calls {@code onChange} when the content of the config file, or of a file it names with
 * {@code ${file:PATH}}, changes.
 *
 * <p>Why polling a content hash and not only file events: Kubernetes updates a ConfigMap or
 * Secret volume by writing a new timestamped directory and swapping the {@code ..data} symlink;
 * the mounted file's own path never sees a write, and some file systems (and container overlays)
 * deliver no events at all. So every {@code pollInterval} the watcher reads the files through their
 * symlinks and compares a SHA-256 of their content with the last one. A {@link WatchService} on the
 * file's directory only wakes it up earlier when events do arrive. A change is acted on once the
 * content has been the same for two reads {@value #SETTLE_MILLIS} ms apart, so a file an editor
 * writes in several steps is not reloaded half-written.
 */
final class ConfigWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);
    static final long SETTLE_MILLIS = 250;

    private final Path file;
    private final Duration pollInterval;
    private final Runnable onChange;
    private final Thread thread;
    private volatile boolean closed;
    private WatchService events;
    private byte[] seen;

    ConfigWatcher(Path file, Duration pollInterval, Runnable onChange) {
        this.file = file.toAbsolutePath();
        this.pollInterval = pollInterval;
        this.onChange = onChange;
        this.thread = new Thread(this::run, "sluice-config-watch");
        this.thread.setDaemon(true);
    }

    void start() {
        seen = fingerprint();
        try {
            events = FileSystems.getDefault().newWatchService();
            Path dir = file.getParent();
            if (dir != null) {
                dir.register(events, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.info("event=config_watch_polling_only reason={}", e.getClass().getSimpleName());
            events = null;
        }
        thread.start();
        LOG.info("event=config_watch file={} poll={}", file, Durations.format(pollInterval));
    }

    private void run() {
        while (!closed) {
            try {
                awaitTick();
                byte[] now = fingerprint();
                if (now == null || Arrays.equals(now, seen)) {
                    continue; // unreadable for a moment (mid-swap) or unchanged
                }
                byte[] settled = settle(now);
                if (settled == null || closed) {
                    continue;
                }
                seen = settled;
                onChange.run();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the watcher must outlive any one failed reload
                LOG.warn("event=config_watch_error error={}", e.getClass().getName());
            }
        }
    }

    private void awaitTick() throws InterruptedException {
        if (events == null) {
            Thread.sleep(pollInterval.toMillis());
            return;
        }
        try {
            WatchKey key = events.poll(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
            if (key != null) {
                key.pollEvents();
                key.reset();
            }
        } catch (ClosedWatchServiceException e) {
            Thread.sleep(pollInterval.toMillis());
        }
    }

    /** The fingerprint once two reads {@value #SETTLE_MILLIS} ms apart agree, or null if unreadable. */
    private byte[] settle(byte[] first) throws InterruptedException {
        byte[] previous = first;
        for (int i = 0; i < 20 && !closed; i++) {
            Thread.sleep(SETTLE_MILLIS);
            byte[] again = fingerprint();
            if (again != null && Arrays.equals(again, previous)) {
                return again;
            }
            previous = again;
        }
        return previous;
    }

    /** SHA-256 over the file's content and every {@code ${file:…}} it names; null when unreadable. */
    byte[] fingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] content = Files.readAllBytes(file);
            sha.update(content);
            for (Path p : Substitution.referencedFiles(new String(content, java.nio.charset.StandardCharsets.UTF_8))) {
                sha.update((byte) 0);
                sha.update(p.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
                if (Files.isReadable(p)) {
                    sha.update(Files.readAllBytes(p));
                }
            }
            return sha.digest();
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        if (events != null) {
            try {
                events.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
