package io.sluice.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.ConfigMapArgs;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.Kustomization;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.Patch;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.SecretArgs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Just enough of Kustomize to check the layout without the kustomize binary: which files a
 * kustomization refers to, and the typed manifests of its resources (patches are read separately).
 */
final class Kustomize {
    static final String FILE = "kustomization.yaml";

    private Kustomize() {
    }

    /** Every directory under deploy/ holding a kustomization.yaml. */
    static List<Path> directories() {
        try (Stream<Path> files = Files.walk(Repo.path("deploy"))) {
            return files.filter(p -> p.getFileName().toString().equals(FILE)).map(Path::getParent).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kustomization of {@code dir}, bound strictly. */
    static Kustomization load(Path dir) {
        Path file = dir.resolve(FILE);
        return StrictModel.bind(Repo.document(file), Kustomization.class, Repo.rel(file));
    }

    /** Resource entries: files and directories (other kustomizations), resolved against {@code dir}. */
    static List<Path> resourcePaths(Path dir) {
        Kustomization k = load(dir);
        List<Path> out = new ArrayList<>();
        for (String r : nonNull(k.getResources())) {
            out.add(dir.resolve(r).normalize());
        }
        for (String r : nonNull(k.getComponents())) {
            out.add(dir.resolve(r).normalize());
        }
        return out;
    }

    /** Patch files of {@code dir}. */
    static List<Path> patchPaths(Path dir) {
        Kustomization k = load(dir);
        List<Path> out = new ArrayList<>();
        for (Patch p : nonNull(k.getPatches())) {
            if (p.getPath() != null) {
                out.add(dir.resolve(p.getPath()).normalize());
            }
        }
        for (String p : nonNull(k.getPatchesStrategicMerge())) {
            out.add(dir.resolve(p).normalize());
        }
        return out;
    }

    /** Files fed to configMapGenerator / secretGenerator ({@code key=path} or {@code path}). */
    static List<Path> generatorFiles(Path dir) {
        Kustomization k = load(dir);
        List<Path> out = new ArrayList<>();
        for (ConfigMapArgs c : nonNull(k.getConfigMapGenerator())) {
            nonNull(c.getFiles()).forEach(f -> out.add(dir.resolve(afterKey(f)).normalize()));
            nonNull(c.getEnvs()).forEach(f -> out.add(dir.resolve(f).normalize()));
        }
        for (SecretArgs s : nonNull(k.getSecretGenerator())) {
            nonNull(s.getFiles()).forEach(f -> out.add(dir.resolve(afterKey(f)).normalize()));
            nonNull(s.getEnvs()).forEach(f -> out.add(dir.resolve(f).normalize()));
        }
        return out;
    }

    /** The generator file {@code name} of configMapGenerator {@code configMap} in {@code dir}, if any. */
    static Optional<Path> configMapFile(Path dir, String configMap, String name) {
        for (ConfigMapArgs c : nonNull(load(dir).getConfigMapGenerator())) {
            if (configMap.equals(c.getName())) {
                for (String f : nonNull(c.getFiles())) {
                    Path p = dir.resolve(afterKey(f)).normalize();
                    String key = f.contains("=") ? f.substring(0, f.indexOf('=')) : p.getFileName().toString();
                    if (key.equals(name)) {
                        return Optional.of(p);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Typed manifests of every resource of {@code dir}, following directories recursively. */
    static List<HasMetadata> manifests(Path dir) {
        // files do not change during a test run; binding them once keeps the suite fast
        return MANIFESTS.computeIfAbsent(dir, Kustomize::readManifests);
    }

    private static final Map<Path, List<HasMetadata>> MANIFESTS = new ConcurrentHashMap<>();

    private static List<HasMetadata> readManifests(Path dir) {
        List<HasMetadata> out = new ArrayList<>();
        for (Path r : resourcePaths(dir)) {
            if (Files.isDirectory(r)) {
                out.addAll(readManifests(r));
            } else {
                for (JsonNode doc : Repo.documents(r)) {
                    out.add(StrictModel.manifest(doc, Repo.rel(r)));
                }
            }
        }
        return List.copyOf(out);
    }

    /** The one manifest of {@code type} named {@code name} among the resources of {@code dir}. */
    static <T extends HasMetadata> T manifest(Path dir, Class<T> type, String name) {
        List<T> found = manifests(dir).stream()
                .filter(type::isInstance).map(type::cast)
                .filter(m -> name.equals(m.getMetadata().getName()))
                .toList();
        if (found.size() != 1) {
            throw new AssertionError(Repo.rel(dir) + ": expected one " + type.getSimpleName() + " " + name + ", found " + found.size());
        }
        return found.get(0);
    }

    private static String afterKey(String entry) {
        return entry.contains("=") ? entry.substring(entry.indexOf('=') + 1) : entry;
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
