package io.sluice.processor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class GlobalStoreGuardTest {

    private static Path globalStore(Path stateDir) throws Exception {
        Path store = stateDir.resolve("app/global/rocksdb/sluice-index-lookup");
        Files.createDirectories(store);
        Files.writeString(store.resolve("000015.sst"), "data");
        return stateDir.resolve("app/global");
    }

    @Test
    void aStartAfterACrashWipesTheGlobalStore(@TempDir Path stateDir) throws Exception {
        Path global = globalStore(stateDir);
        Files.createDirectories(stateDir.resolve("app/0_1"));

        GlobalStoreGuard.beforeStart(stateDir, "app");

        assertThat(global).doesNotExist();
        assertThat(stateDir.resolve("app/0_1")).as("task state is Streams' own business").isDirectory();
    }

    @Test
    void aStartAfterACleanCloseKeepsTheGlobalStoreAndForgetsTheMarker(@TempDir Path stateDir) throws Exception {
        Path global = globalStore(stateDir);
        GlobalStoreGuard.afterCleanClose(stateDir, "app");

        GlobalStoreGuard.beforeStart(stateDir, "app");

        assertThat(global.resolve("rocksdb/sluice-index-lookup/000015.sst")).exists();
        assertThat(GlobalStoreGuard.marker(stateDir, "app")).as("a crash of this run must be seen by the next")
                .doesNotExist();
    }

    @Test
    void aFirstStartHasNothingToWipe(@TempDir Path stateDir) {
        GlobalStoreGuard.beforeStart(stateDir.resolve("fresh"), "app");

        assertThat(stateDir.resolve("fresh/app/global")).doesNotExist();
    }
}
