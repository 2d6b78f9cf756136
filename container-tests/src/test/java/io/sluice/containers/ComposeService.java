package io.sluice.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Volume;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One service of the repository's {@code docker-compose.yml}, read from the file (never copied into
 * the tests): its image, read-only root, tmpfs mounts, dropped capabilities, security options,
 * environment and mounted config. {@link #container} turns it into a Testcontainers container with
 * exactly those settings, on the host network so that it reaches the test's broker on 127.0.0.1.
 */
record ComposeService(String name, String image, boolean readOnly, List<String> tmpfs, List<String> capDrop,
                      List<String> securityOpt, Map<String, String> environment, String configSource,
                      String configTarget, String dataVolumeTarget) {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Path root() {
        return Path.of(System.getProperty("sluice.root", "..")).toAbsolutePath().normalize();
    }

    static String version() {
        return System.getProperty("sluice.version", "0.1.0-SNAPSHOT");
    }

    static ComposeService read(String service) {
        JsonNode s;
        try {
            s = YAML.readTree(root().resolve("docker-compose.yml").toFile()).path("services").path(service);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (s.isMissingNode()) {
            throw new IllegalStateException("docker-compose.yml has no service " + service);
        }
        Map<String, String> env = new LinkedHashMap<>();
        s.path("environment").forEach(e -> {
            String kv = e.asText();
            int eq = kv.indexOf('=');
            // "NAME" alone passes the host's value through: unset on a test machine, so the config's default applies
            if (eq > 0) {
                env.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        });
        String configSource = null;
        String configTarget = null;
        String dataTarget = null;
        for (JsonNode v : s.path("volumes")) {
            String[] parts = v.asText().split(":");
            if (parts[0].startsWith("./") || parts[0].startsWith("/")) {
                configSource = parts[0];
                configTarget = parts[1];
            } else {
                dataTarget = parts[1];
            }
        }
        return new ComposeService(service, s.path("image").asText(), s.path("read_only").asBoolean(false),
                texts(s.path("tmpfs")), texts(s.path("cap_drop")), texts(s.path("security_opt")), env, configSource,
                configTarget, dataTarget);
    }

    private static List<String> texts(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asText()));
        return out;
    }

    /**
     * The config file compose mounts, with what a host-network test must change: free ports instead of
     * 8080/8081/8082 (shared with whatever else runs on this machine). Everything else as in the file.
     */
    Path testConfig(Path dir, int ingressPort, int processorPort, int adminPort) {
        try {
            ObjectNode c = (ObjectNode) YAML.readTree(root().resolve(configSource).toFile());
            c.with("ingress").put("port", ingressPort).put("host", "127.0.0.1");
            c.with("processor").put("port", processorPort);
            c.with("admin").put("port", adminPort);
            Path file = dir.resolve(name + ".yaml");
            Files.createDirectories(dir);
            YAML.writeValue(file.toFile(), c);
            // the container's user (10001) must be able to read it
            file.toFile().setReadable(true, false);
            dir.toFile().setExecutable(true, false);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A container of this service's image with compose's settings, on the host network, with
     * {@code config} mounted where compose mounts the config and {@code env} added to compose's
     * environment (the broker's address replaces {@code kafka:19092}).
     *
     * @param dataVolume a named Docker volume for the service's data directory, or null
     */
    GenericContainer<?> container(Path config, Map<String, String> env, String dataVolume) {
        Map<String, String> environment = new HashMap<>(environment());
        environment.putAll(env);
        Map<String, String> tmpfsMounts = new HashMap<>();
        for (String t : tmpfs) {
            int colon = t.indexOf(':');
            tmpfsMounts.put(colon < 0 ? t : t.substring(0, colon), colon < 0 ? "" : t.substring(colon + 1));
        }
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image))
                .withNetworkMode("host")
                .withEnv(environment)
                .withFileSystemBind(config.toString(), configTarget, BindMode.READ_ONLY)
                .withCreateContainerCmdModifier(cmd -> {
                    var host = cmd.getHostConfig();
                    host.withReadonlyRootfs(readOnly).withTmpFs(tmpfsMounts).withSecurityOpts(securityOpt)
                            .withCapDrop(capDrop.stream().map(Capability::valueOf).toArray(Capability[]::new));
                    if (dataVolume != null) {
                        List<Bind> binds = new ArrayList<>(host.getBinds() == null ? List.of() : List.of(host.getBinds()));
                        binds.add(new Bind(dataVolume, new Volume(dataVolumeTarget)));
                        host.withBinds(binds);
                    }
                });
        return c;
    }
}
