package io.sluice.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads the YAML config of DESIGN.md into immutable records, once, at start-up (and on each reload).
 *
 * <p>Four steps, each in one place: parse the YAML into a tree; substitute {@code ${NAME}},
 * {@code ${NAME:-default}} and {@code ${file:PATH}} in scalar values ({@link Substitution}: after
 * parsing, so a value can never change the file's structure); lay the tree over {@link #DEFAULTS};
 * bind it with Jackson databind onto the records (kebab-case names, unknown keys rejected,
 * deserializers in {@link ConfigTypes}); then check what a type cannot say ({@link ConfigValidator}).
 * Every error is a {@link ConfigException} naming the full key path, e.g. {@code sources[2].secrets}.
 * {@code KAFKA_BOOTSTRAP_SERVERS} overrides {@code kafka.bootstrap-servers}.
 */
public final class ConfigLoader {
    /** The defaults of every section with fixed keys (list elements default in their records). */
    static final String DEFAULTS = """
            kafka:
              bootstrap-servers: ""
              embedded: {port: 9092, data-dir: ./data/kafka}
              properties: {}
            topics:
              raw: sluice.raw
              default: sluice.events
              dead-letter: sluice.dlq
              index: sluice.index
              rejections: sluice.rejections
              audit: sluice.audit
              partitions: 3
              replication-factor: 1
            ingress: {host: 0.0.0.0, port: 8080, max-body-bytes: 1048576, kafka-timeout: 10s, max-in-flight: 10000}
            processor:
              port: 8081
              dedupe-window: 7d
              application-id: sluice-processor
              state-dir: ./data/streams
              standby-replicas: 0
              threads: 1
              commit-interval: 100ms
            admin: {host: 127.0.0.1, port: 8082, tokens: []}
            routes: []
            """;

    private static final ObjectMapper MAPPER = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .addModule(ConfigTypes.module())
            .build();

    private final Map<String, String> env;

    /** @param env the environment to substitute from (normally {@code System.getenv()}) */
    public ConfigLoader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** Loads with the process environment. */
    public static SluiceConfig load(Path file) {
        return new ConfigLoader(System.getenv()).read(file);
    }

    public SluiceConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("", "config file not found: " + file);
        } catch (IOException e) {
            throw new ConfigException("", "cannot read config file " + file + ": " + e.getMessage());
        }
        return parse(text);
    }

    public SluiceConfig parse(String yaml) {
        JsonNode tree = readTree(yaml);
        if (!tree.isObject()) {
            throw new ConfigException("", "the file must be a mapping of sections (kafka, topics, sources, ...)");
        }
        rejectEmptyEntries("", tree);
        new Substitution(env).apply(tree);
        ObjectNode merged = (ObjectNode) readTree(DEFAULTS);
        overlay(merged, (ObjectNode) tree);
        SluiceConfig config = bind(merged);
        String override = env.get("KAFKA_BOOTSTRAP_SERVERS");
        if (override != null && !override.isBlank()) {
            config = config.withBootstrapServers(override.trim());
        }
        ConfigValidator.validate(config);
        return config;
    }

    private static JsonNode readTree(String yaml) {
        try {
            JsonNode root = MAPPER.readTree(yaml);
            return root == null || root.isMissingNode() || root.isNull() ? MAPPER.createObjectNode() : root;
        } catch (JsonProcessingException e) {
            throw new ConfigException("", "not valid YAML: " + firstLine(e.getOriginalMessage()));
        }
    }

    /** Lays {@code over} onto {@code base}: mappings merge key by key, anything else replaces; null keeps the default. */
    private static void overlay(ObjectNode base, ObjectNode over) {
        for (Iterator<Map.Entry<String, JsonNode>> it = over.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode current = base.get(e.getKey());
            if (e.getValue().isNull()) {
                continue;
            }
            if (current instanceof ObjectNode c && e.getValue() instanceof ObjectNode o) {
                overlay(c, o);
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }

    /** {@code - } with nothing after it: a list entry Jackson would bind to null. */
    private static void rejectEmptyEntries(String path, JsonNode node) {
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            if (node.get(i).isNull()) {
                throw new ConfigException(path + "[" + i + "]", "empty list entry");
            }
            rejectEmptyEntries(path + "[" + i + "]", node.get(i));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            rejectEmptyEntries(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue());
        }
    }

    private static SluiceConfig bind(JsonNode tree) {
        try {
            return MAPPER.treeToValue(tree, SluiceConfig.class);
        } catch (JsonMappingException e) {
            throw translate(e);
        } catch (JsonProcessingException e) {
            throw new ConfigException("", firstLine(e.getOriginalMessage()));
        }
    }

    /** Jackson's error, said in the words of the config file, with the full key path. */
    static ConfigException translate(JsonMappingException e) {
        String path = path(e);
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigException c) {
                // raised by a deserializer or record: its key (if any) is relative to where Jackson was
                return new ConfigException(join(path, c.key()), c.problem());
            }
            if (t instanceof IllegalArgumentException a && a.getMessage() != null) {
                return new ConfigException(path, a.getMessage());
            }
        }
        if (e.getCause() instanceof InputCoercionException) {
            return new ConfigException(path, "is out of range");
        }
        if (e instanceof UnrecognizedPropertyException) {
            return new ConfigException(path, "unknown key");
        }
        if (e instanceof InvalidFormatException f) {
            return new ConfigException(path, "'" + f.getValue() + "' is not " + describe(f.getTargetType()));
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return new ConfigException(path, "must be " + describe(m.getTargetType()));
        }
        return new ConfigException(path, firstLine(e.getOriginalMessage()));
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static String join(String path, String relative) {
        if (relative.isEmpty()) {
            return path;
        }
        return path.isEmpty() || relative.startsWith("[") ? path + relative : path + "." + relative;
    }

    private static String describe(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class) {
            return "a whole number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (type.isRecord() || Map.class.isAssignableFrom(type)) {
            return "a mapping";
        }
        return "a single value";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
