package io.sluice.processor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Drops the local copy of the global event index after a crash, so that a processor killed with
 * SIGKILL can start again.
 *
 * <p>Why: under exactly_once_v2, Kafka Streams 4.3 refuses a persistent store that holds data but
 * no committed offset ("did not find checkpoint offsets while stores are not empty") and throws
 * {@code TaskCorruptedException}. For ordinary tasks it wipes the store and restores it; for the
 * global store the global thread dies instead and the whole client goes to ERROR (KAFKA-21034,
 * unfixed in 4.3.1), so every restart fails the same way: a crash loop. Seen in the reliability
 * soak: the processor restarted after its second SIGKILL exited at once with "Tasks [-1_-1] are
 * corrupted". The global store is only a {@code read_committed} copy of the index topic, so wiping
 * it is always safe; it costs one re-read of that topic.
 *
 * <p>How: a clean {@link Processor#close()} leaves a marker file beside the application's state
 * directory; a start without the marker (the last run crashed, was killed or never stopped cleanly)
 * deletes {@code <state-dir>/<application-id>/global} before Streams opens it, and every start
 * removes the marker, so a crash of this run is seen by the next one.
 */
final class GlobalStoreGuard {
    private static final Logger LOG = LoggerFactory.getLogger(GlobalStoreGuard.class);

    private GlobalStoreGuard() {
    }

    /** Before Streams starts: wipe the global store unless the last run closed cleanly; forget the marker. */
    static void beforeStart(Path stateDir, String applicationId) {
        Path global = stateDir.resolve(applicationId).resolve("global");
        Path marker = marker(stateDir, applicationId);
        try {
            boolean clean = Files.deleteIfExists(marker);
            if (!clean && Files.isDirectory(global)) {
                LOG.warn("event=global_store_wiped reason=\"last run did not close cleanly\" dir={}", global);
                deleteRecursively(global);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the global store in " + global, e);
        }
    }

    /** After Streams closed cleanly (its global store committed): the next start may keep the store. */
    static void afterCleanClose(Path stateDir, String applicationId) {
        try {
            Files.createDirectories(stateDir);
            Files.writeString(marker(stateDir, applicationId), "closed cleanly\n");
        } catch (IOException e) {
            LOG.warn("event=clean_close_marker_failed error=\"{}\"", e.getMessage());
        }
    }

    static Path marker(Path stateDir, String applicationId) {
        return stateDir.resolve(applicationId + ".sluice-clean-close");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
