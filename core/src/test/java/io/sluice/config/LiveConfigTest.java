package io.sluice.config;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LiveConfigTest {
    private static final String BASE = """
            ingress: {port: %d}
            sources:
              - {name: a, scheme: github, secrets: [%s]}
            """;

    @TempDir
    Path dir;
    private LiveConfig live;

    @AfterEach
    void close() {
        if (live != null) {
            live.close();
        }
    }

    private Path write(String yaml) throws Exception {
        Path tmp = dir.resolve("tmp.yaml");
        Files.writeString(tmp, yaml);
        Path file = dir.resolve("sluice.yaml");
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    private LiveConfig start(Path file) {
        SluiceConfig loaded = new ConfigLoader(Map.of()).read(file);
        live = new LiveConfig(file, new ConfigLoader(Map.of()), loaded, loaded, Clock.systemUTC());
        return live;
    }

    private static List<String> secrets(SluiceConfig c) {
        return c.sources().get(0).secrets().stream().map(Secret::reveal).toList();
    }

    @Test
    void changedSecretsAreAppliedAndEveryPartIsSwitched() throws Exception {
        Path file = write(BASE.formatted(8080, "old"));
        LiveConfig lc = start(file);
        List<SluiceConfig> switched = new ArrayList<>();
        lc.register(next -> () -> switched.add(next));
        write(BASE.formatted(8080, "old, new"));
        ReloadResult r = lc.reload();
        assertThat(r.outcome()).isEqualTo(ReloadResult.Outcome.RELOADED);
        assertThat(r.needsRestart()).isEmpty();
        assertThat(secrets(lc.current())).containsExactly("old", "new");
        assertThat(switched).hasSize(1).allSatisfy(c -> assertThat(secrets(c)).containsExactly("old", "new"));
        assertThat(lc.last()).isEqualTo(r);
    }

    @Test
    void sameFileAgainIsUnchangedAndSwitchesNothing() throws Exception {
        LiveConfig lc = start(write(BASE.formatted(8080, "old")));
        List<SluiceConfig> switched = new ArrayList<>();
        lc.register(next -> () -> switched.add(next));
        assertThat(lc.reload().outcome()).isEqualTo(ReloadResult.Outcome.UNCHANGED);
        assertThat(switched).isEmpty();
    }

    @Test
    void invalidFileIsRefusedWithTheStartUpMessageAndTheOldConfigStays() throws Exception {
        Path file = write(BASE.formatted(8080, "old"));
        LiveConfig lc = start(file);
        SluiceConfig before = lc.current();
        List<SluiceConfig> prepared = new ArrayList<>();
        lc.register(next -> {
            prepared.add(next);
            return () -> { };
        });
        write("sources:\n  - {name: a, scheme: github}\n");
        ReloadResult r = lc.reload();
        assertThat(r.outcome()).isEqualTo(ReloadResult.Outcome.INVALID);
        assertThat(r.detail()).isEqualTo("sources[0].secrets: at least one secret is required");
        assertThat(lc.current()).isSameAs(before);
        assertThat(prepared).isEmpty();
    }

    @Test
    void partRefusingTheConfigStopsEveryPartFromSwitching() throws Exception {
        LiveConfig lc = start(write(BASE.formatted(8080, "old")));
        SluiceConfig before = lc.current();
        List<String> switched = new ArrayList<>();
        lc.register(next -> () -> switched.add("first"));
        lc.register(next -> {
            throw new ConfigException("sources.a.secrets[0]", "not base64");
        });
        write(BASE.formatted(8080, "new"));
        ReloadResult r = lc.reload();
        assertThat(r.outcome()).isEqualTo(ReloadResult.Outcome.INVALID);
        assertThat(r.detail()).isEqualTo("sources.a.secrets[0]: not base64");
        assertThat(switched).isEmpty();
        assertThat(lc.current()).isSameAs(before);
    }

    @Test
    void partFailingForAnotherReasonIsReportedAsFailed() throws Exception {
        LiveConfig lc = start(write(BASE.formatted(8080, "old")));
        lc.register(next -> {
            throw new IllegalStateException("Kafka did not answer within 60 s while creating topics");
        });
        write(BASE.formatted(8080, "new"));
        ReloadResult r = lc.reload();
        assertThat(r.outcome()).isEqualTo(ReloadResult.Outcome.FAILED);
        assertThat(r.detail()).contains("IllegalStateException").contains("creating topics");
        assertThat(secrets(lc.current())).containsExactly("old");
    }

    private static final String TOKENS = """
            admin:
              tokens:
            %s""";

    private static String token(String name, String value, String scopes) {
        return "    - {name: " + name + ", token: " + value + ", scopes: [" + scopes + "]}\n";
    }

    private static List<String> tokenNames(SluiceConfig c) {
        return c.admin().tokens().stream().map(t -> t.name() + "=" + t.token().reveal()).toList();
    }

    @Test
    void adminTokensAddedRemovedAndChangedApplyLive() throws Exception {
        String base = BASE.formatted(8080, "old");
        LiveConfig lc = start(write(base + TOKENS.formatted(token("ops", "t-ops-1", "read") + token("ci", "t-ci", "admin"))));
        List<SluiceConfig> switched = new ArrayList<>();
        lc.register(next -> () -> switched.add(next));
        write(base + TOKENS.formatted(token("ops", "t-ops-2", "read, admin") + token("new", "t-new", "read")));
        ReloadResult r = lc.reload();
        assertThat(r.outcome()).isEqualTo(ReloadResult.Outcome.RELOADED);
        assertThat(r.needsRestart()).isEmpty();
        assertThat(tokenNames(lc.current())).containsExactly("ops=t-ops-2", "new=t-new");
        assertThat(switched).hasSize(1);
        assertThat(tokenNames(switched.get(0))).containsExactly("ops=t-ops-2", "new=t-new");
    }

    @Test
    void tokensGeneratedAtStartStayWhileTheFileNamesNone() throws Exception {
        Path file = write(BASE.formatted(8080, "old"));
        SluiceConfig loaded = new ConfigLoader(Map.of()).read(file);
        SluiceConfig running = loaded.withAdmin(loaded.admin().withTokens(List.of(
                new AdminToken("demo", new Secret("generated"), java.util.Set.of(Scope.READ)))));
        live = new LiveConfig(file, new ConfigLoader(Map.of()), loaded, running, Clock.systemUTC());
        write(BASE.formatted(8080, "new"));
        assertThat(live.reload().outcome()).isEqualTo(ReloadResult.Outcome.RELOADED);
        assertThat(tokenNames(live.current())).containsExactly("demo=generated");
        write(BASE.formatted(8080, "new") + TOKENS.formatted(token("ops", "t-ops", "read")));
        assertThat(live.reload().outcome()).isEqualTo(ReloadResult.Outcome.RELOADED);
        assertThat(tokenNames(live.current())).containsExactly("ops=t-ops");
    }

    @Test
    void tokensAddedWhileTheAdminApiIsOffNeedARestart() throws Exception {
        LiveConfig lc = start(write(BASE.formatted(8080, "old")));
        write(BASE.formatted(8080, "old") + TOKENS.formatted(token("ops", "t-ops", "read")));
        ReloadResult r = lc.reload();
        assertThat(r.outcome()).isEqualTo(ReloadResult.Outcome.UNCHANGED);
        assertThat(r.needsRestart()).containsExactly("admin.tokens");
        assertThat(lc.current().admin().tokens()).isEmpty();
    }

    @Test
    void restartOnlyKeysAreReportedAndKeepTheirRunningValue() throws Exception {
        LiveConfig lc = start(write(BASE.formatted(8080, "old")));
        write(BASE.formatted(9090, "new") + "processor: {threads: 2}\ntopics: {default: other}\n");
        ReloadResult r = lc.reload();
        assertThat(r.outcome()).isEqualTo(ReloadResult.Outcome.RELOADED);
        assertThat(r.needsRestart()).containsExactlyInAnyOrder("ingress.port", "processor.threads", "topics.default");
        assertThat(lc.current().ingress().port()).isEqualTo(8080);
        assertThat(lc.current().processor().threads()).isEqualTo(1);
        assertThat(lc.current().topics().defaultTopic()).isEqualTo("sluice.events");
        assertThat(secrets(lc.current())).containsExactly("new");
    }

    @Test
    void resultsReachListeners() throws Exception {
        LiveConfig lc = start(write(BASE.formatted(8080, "old")));
        List<ReloadResult.Outcome> seen = new ArrayList<>();
        lc.onResult(r -> seen.add(r.outcome()));
        write("not: [valid");
        lc.reload();
        write(BASE.formatted(8080, "new"));
        lc.reload();
        assertThat(seen).containsExactly(ReloadResult.Outcome.INVALID, ReloadResult.Outcome.RELOADED);
    }

    @Test
    void watcherReloadsWhenTheFileIsReplaced() throws Exception {
        LiveConfig lc = start(write(BASE.formatted(8080, "old")));
        lc.watch(Duration.ofMillis(200));
        write(BASE.formatted(8080, "new"));
        await().atMost(Duration.ofSeconds(30)).until(() -> secrets(lc.current()).equals(List.of("new")));
        assertThat(lc.last().outcome()).isEqualTo(ReloadResult.Outcome.RELOADED);
    }

    /** Kubernetes' atomic update of a ConfigMap volume: a new data directory, then the ..data symlink swapped. */
    @Test
    void watcherFollowsAKubernetesStyleSymlinkSwap() throws Exception {
        Path v1 = Files.createDirectory(dir.resolve("..2026_12_03_00_00_00.1"));
        Files.writeString(v1.resolve("sluice.yaml"), BASE.formatted(8080, "old"));
        Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
        Path file = dir.resolve("sluice.yaml");
        Files.createSymbolicLink(file, Path.of("..data/sluice.yaml"));
        LiveConfig lc = start(file);
        lc.watch(Duration.ofMillis(200));

        Path v2 = Files.createDirectory(dir.resolve("..2026_12_03_00_01_00.2"));
        Files.writeString(v2.resolve("sluice.yaml"), BASE.formatted(8080, "rotated"));
        Path tmpLink = dir.resolve("..data_tmp");
        Files.createSymbolicLink(tmpLink, v2.getFileName());
        Files.move(tmpLink, dir.resolve("..data"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        await().atMost(Duration.ofSeconds(30)).until(() -> secrets(lc.current()).equals(List.of("rotated")));
    }

    @Test
    void watcherReloadsWhenAReferencedSecretFileChanges() throws Exception {
        Path secret = dir.resolve("a-secret");
        Files.writeString(secret, "old\n");
        LiveConfig lc = start(write(BASE.formatted(8080, "\"${file:" + secret + "}\"")));
        assertThat(secrets(lc.current())).containsExactly("old");
        lc.watch(Duration.ofMillis(200));
        Files.writeString(secret, "rotated\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> secrets(lc.current()).equals(List.of("rotated")));
    }
}
