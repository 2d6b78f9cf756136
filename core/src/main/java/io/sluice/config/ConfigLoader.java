package io.sluice.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the YAML config of DESIGN.md into immutable records, once, at start-up.
 *
 * <p>{@code ${NAME}} in any string value is replaced by the environment variable NAME; a missing
 * variable is an error naming it and the key ({@code ${NAME:-default}} gives a fallback).
 * Substitution happens after YAML parsing, on scalar values only, so an environment value can never
 * change the structure of the file. {@code KAFKA_BOOTSTRAP_SERVERS} overrides
 * {@code kafka.bootstrap-servers}. Unknown keys are rejected, so a typo fails fast instead of being
 * silently ignored.
 */
public final class ConfigLoader {
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    private static final Pattern SOURCE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");
    private static final Set<String> PLACEHOLDERS = Set.of("body", "timestamp", "id", "url");

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
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(yaml);
        } catch (IOException e) {
            throw new ConfigException("", "not valid YAML: " + firstLine(e.getMessage()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            root = new YAMLMapper().createObjectNode();
        }
        Node top = new Node("", root);
        SluiceConfig config = new SluiceConfig(
                kafka(top.child("kafka")),
                topics(top.child("topics")),
                ingress(top.child("ingress")),
                processor(top.child("processor")),
                admin(top.child("admin")),
                List.of(), List.of());
        List<SourceConfig> sources = sources(top.child("sources"), config.ingress());
        List<RouteConfig> routes = routes(top.child("routes"), sources);
        top.rejectUnknown();
        return new SluiceConfig(config.kafka(), config.topics(), config.ingress(), config.processor(), config.admin(),
                routes, sources);
    }

    private KafkaConfig kafka(Node n) {
        String servers = n.string("bootstrap-servers", "");
        String override = env.get("KAFKA_BOOTSTRAP_SERVERS");
        if (override != null && !override.isBlank()) {
            servers = override.trim();
        }
        Node e = n.child("embedded");
        KafkaConfig.Embedded embedded = new KafkaConfig.Embedded(
                e.integer("port", 9092, 0, 65535),
                Path.of(e.string("data-dir", "./data/kafka")));
        e.rejectUnknown();
        Map<String, String> props = new LinkedHashMap<>();
        Node p = n.child("properties");
        if (p.present()) {
            p.requireObject();
            for (Iterator<String> it = p.node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                props.put(k, p.string(k, ""));
            }
        }
        n.rejectUnknown();
        return new KafkaConfig(servers, embedded, props);
    }

    private TopicsConfig topics(Node n) {
        TopicsConfig t = new TopicsConfig(
                topic(n, "raw", "sluice.raw"),
                topic(n, "default", "sluice.events"),
                topic(n, "dead-letter", "sluice.dlq"),
                topic(n, "index", TopicsConfig.DEFAULT_INDEX),
                topic(n, "rejections", TopicsConfig.DEFAULT_REJECTIONS),
                topic(n, "audit", TopicsConfig.DEFAULT_AUDIT),
                n.integer("partitions", 3, 1, 100_000),
                (short) n.integer("replication-factor", 1, 1, Short.MAX_VALUE));
        n.rejectUnknown();
        return t;
    }

    private static String topic(Node n, String key, String def) {
        String name = n.string(key, def);
        if (!TOPIC_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new ConfigException(n.path(key), "'" + name + "' is not a valid Kafka topic name");
        }
        return name;
    }

    private IngressConfig ingress(Node n) {
        TlsConfig tls = null;
        Node t = n.child("tls");
        if (t.present()) {
            tls = new TlsConfig(Path.of(t.required("cert")), Path.of(t.required("key")));
            t.rejectUnknown();
        }
        IngressConfig c = new IngressConfig(
                n.string("host", "0.0.0.0"),
                n.integer("port", 8080, 0, 65535),
                n.longValue("max-body-bytes", 1_048_576L, 1, 64L * 1024 * 1024),
                n.duration("kafka-timeout", Duration.ofSeconds(10)),
                n.integer("max-in-flight", 10_000, 1, 1_000_000),
                tls);
        n.rejectUnknown();
        return c;
    }

    private ProcessorConfig processor(Node n) {
        ProcessorConfig c = new ProcessorConfig(
                n.integer("port", 8081, 0, 65535),
                n.duration("dedupe-window", Duration.ofDays(7)),
                n.string("application-id", "sluice-processor"),
                Path.of(n.string("state-dir", "./data/streams")),
                n.integer("standby-replicas", 0, 0, 10),
                n.integer("threads", 1, 1, 64),
                n.duration("commit-interval", Duration.ofMillis(100)));
        if (c.dedupeWindow().compareTo(Duration.ofMinutes(1)) < 0) {
            throw new ConfigException(n.path("dedupe-window"), "must be at least 1m");
        }
        n.rejectUnknown();
        return c;
    }

    private AdminConfig admin(Node n) {
        String host = n.string("host", AdminConfig.DEFAULT_HOST);
        int port = n.integer("port", AdminConfig.DEFAULT_PORT, 0, 65535);
        List<AdminToken> tokens = new ArrayList<>();
        Node list = n.child("tokens");
        if (list.present()) {
            list.requireArray();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < list.node.size(); i++) {
                Node t = list.element(i);
                t.requireObject();
                String name = t.required("name");
                if (!names.add(name)) {
                    throw new ConfigException(t.path("name"), "duplicate token name '" + name + "'");
                }
                String value = t.string("token", null);
                if (value == null || value.isBlank()) {
                    throw new ConfigException(t.path("token"), "is required (a secret: use ${ENV_VARIABLE})");
                }
                Secret token = new Secret(value);
                for (AdminToken other : tokens) {
                    if (other.token().equals(token)) {
                        // never print the value: name the two entries only
                        throw new ConfigException(t.path("token"), "same value as token '" + other.name() + "'");
                    }
                }
                Set<Scope> scopes = new HashSet<>();
                List<String> ids = t.stringList("scopes");
                for (int k = 0; k < ids.size(); k++) {
                    String id = ids.get(k);
                    String key = t.path("scopes") + "[" + k + "]";
                    scopes.add(Scope.byId(id).orElseThrow(() -> new ConfigException(key,
                            "unknown scope '" + id + "' (known: read, replay, admin)")));
                }
                if (scopes.isEmpty()) {
                    throw new ConfigException(t.path("scopes"), "at least one scope is required (read, replay, admin)");
                }
                t.rejectUnknown();
                tokens.add(new AdminToken(name, token, scopes));
            }
        }
        n.rejectUnknown();
        return new AdminConfig(host, port, tokens);
    }

    private List<SourceConfig> sources(Node list, IngressConfig ingress) {
        List<SourceConfig> out = new ArrayList<>();
        if (!list.present()) {
            throw new ConfigException("sources", "at least one source is required");
        }
        list.requireArray();
        Set<String> names = new HashSet<>();
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < list.node.size(); i++) {
            Node s = list.element(i);
            s.requireObject();
            String name = s.required("name");
            if (!SOURCE_NAME.matcher(name).matches()) {
                throw new ConfigException(s.path("name"), "'" + name + "' must be lower-case letters, digits, '.', '_' or '-'");
            }
            if (!names.add(name)) {
                throw new ConfigException(s.path("name"), "duplicate source name '" + name + "'");
            }
            String schemeId = s.required("scheme");
            SchemeKind scheme = SchemeKind.byId(schemeId).orElseThrow(() -> new ConfigException(s.path("scheme"),
                    "unknown scheme '" + schemeId + "' (known: " + knownSchemes() + ")"));
            String path = s.string("path", null);
            if (path != null) {
                if (!path.startsWith("/") || path.contains(" ") || path.contains("?")) {
                    throw new ConfigException(s.path("path"), "must be an absolute URL path such as /v1/inbound/generic");
                }
                if (!paths.add(path)) {
                    throw new ConfigException(s.path("path"), "path '" + path + "' is used by another source");
                }
            }
            List<Secret> secrets = secrets(s.child("secrets"));
            Duration tolerance = s.has("tolerance") ? s.duration("tolerance", null) : null;
            HmacConfig hmac = hmac(s.child("hmac"), scheme);
            ValueLocator timestamp = locator(s.child("timestamp"));
            ValueLocator eventId = locator(s.child("event-id"));
            ValueLocator eventType = locator(s.child("event-type"));
            Long maxBody = s.has("max-body-bytes") ? s.longValue("max-body-bytes", 0, 1, 64L * 1024 * 1024) : null;
            if (scheme == SchemeKind.HMAC && hmac != null) {
                Set<String> used = placeholders(hmac.signed());
                if (used.contains("timestamp") && timestamp == null) {
                    throw new ConfigException(s.path("timestamp"), "required: hmac.signed uses {timestamp}");
                }
                if (used.contains("id") && eventId == null) {
                    throw new ConfigException(s.path("event-id"), "required: hmac.signed uses {id}");
                }
            }
            String publicUrl = publicUrl(s);
            RateLimitConfig rateLimit = rateLimit(s.child("rate-limit"));
            s.rejectUnknown();
            out.add(new SourceConfig(name, scheme, path, secrets, tolerance, hmac, timestamp, eventId, eventType, maxBody,
                    publicUrl, rateLimit));
        }
        if (out.isEmpty()) {
            throw new ConfigException("sources", "at least one source is required");
        }
        return out;
    }

    private static String publicUrl(Node s) {
        String url = s.string("public-url", null);
        if (url == null) {
            return null;
        }
        try {
            java.net.URI uri = new java.net.URI(url);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new java.net.URISyntaxException(url, "not absolute");
            }
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(s.path("public-url"), "'" + url + "' is not an absolute http(s) URL");
        }
        return url;
    }

    private static RateLimitConfig rateLimit(Node n) {
        if (!n.present()) {
            return null;
        }
        n.requireObject();
        double perSecond = Rates.parse(n.path("rate"), n.required("rate"));
        int burst = n.integer("burst", RateLimitConfig.defaultBurst(perSecond), 1, 100_000_000);
        n.rejectUnknown();
        return new RateLimitConfig(perSecond, burst);
    }

    private static String knownSchemes() {
        StringBuilder b = new StringBuilder();
        for (SchemeKind k : SchemeKind.values()) {
            b.append(b.length() == 0 ? "" : ", ").append(k.id());
        }
        return b.toString();
    }

    private List<Secret> secrets(Node n) {
        if (!n.present()) {
            throw new ConfigException(n.path, "at least one secret is required");
        }
        List<Secret> out = new ArrayList<>();
        if (n.node.isArray()) {
            for (int i = 0; i < n.node.size(); i++) {
                Node e = n.element(i);
                out.add(new Secret(e.scalar()));
            }
        } else {
            out.add(new Secret(n.scalar()));
        }
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).reveal().isEmpty()) {
                throw new ConfigException(n.path + "[" + i + "]", "a secret must not be empty");
            }
        }
        if (out.isEmpty()) {
            throw new ConfigException(n.path, "at least one secret is required");
        }
        return out;
    }

    private HmacConfig hmac(Node n, SchemeKind scheme) {
        boolean needed = scheme == SchemeKind.HMAC || scheme == SchemeKind.HYPONEMA;
        if (!n.present()) {
            if (needed) {
                throw new ConfigException(n.path, "required for scheme '" + scheme.id() + "'");
            }
            return null;
        }
        if (!needed) {
            throw new ConfigException(n.path, "only allowed with scheme 'hmac' or 'hyponema'");
        }
        n.requireObject();
        String header = n.required("header");
        if (!HEADER_NAME.matcher(header).matches()) {
            throw new ConfigException(n.path("header"), "'" + header + "' is not a valid header name");
        }
        String algorithm = n.string("algorithm", "sha256");
        if (!Set.of("sha1", "sha256", "sha512").contains(algorithm)) {
            throw new ConfigException(n.path("algorithm"), "must be sha1, sha256 or sha512, not '" + algorithm + "'");
        }
        String encoding = n.string("encoding", "hex");
        if (!Set.of("hex", "base64").contains(encoding)) {
            throw new ConfigException(n.path("encoding"), "must be hex or base64, not '" + encoding + "'");
        }
        String prefix = n.string("prefix", "");
        String signed = n.string("signed", "{body}");
        for (String p : placeholders(signed)) {
            if (!PLACEHOLDERS.contains(p)) {
                throw new ConfigException(n.path("signed"), "unknown placeholder {" + p + "} (known: {body} {timestamp} {id} {url})");
            }
        }
        n.rejectUnknown();
        return new HmacConfig(header, algorithm, encoding, prefix, signed);
    }

    private static Set<String> placeholders(String template) {
        Set<String> out = new HashSet<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private ValueLocator locator(Node n) {
        if (!n.present()) {
            return null;
        }
        n.requireObject();
        boolean h = n.has("header");
        boolean j = n.has("json");
        if (h == j) {
            throw new ConfigException(n.path, "set exactly one of 'header' or 'json'");
        }
        ValueLocator v;
        if (h) {
            String header = n.required("header");
            if (!HEADER_NAME.matcher(header).matches()) {
                throw new ConfigException(n.path("header"), "'" + header + "' is not a valid header name");
            }
            v = ValueLocator.header(header);
        } else {
            String pointer = n.required("json");
            try {
                if (!pointer.startsWith("/")) {
                    throw new IllegalArgumentException("must start with '/'");
                }
                JsonPointer.compile(pointer);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(n.path("json"), "'" + pointer + "' is not a JSON Pointer such as /id");
            }
            v = ValueLocator.json(pointer);
        }
        n.rejectUnknown();
        return v;
    }

    private List<RouteConfig> routes(Node list, List<SourceConfig> sources) {
        List<RouteConfig> out = new ArrayList<>();
        if (!list.present()) {
            return out;
        }
        list.requireArray();
        Set<String> known = new HashSet<>();
        sources.forEach(s -> known.add(s.name()));
        for (int i = 0; i < list.node.size(); i++) {
            Node r = list.element(i);
            r.requireObject();
            String topic = r.required("topic");
            if (!TOPIC_NAME.matcher(topic).matches()) {
                throw new ConfigException(r.path("topic"), "'" + topic + "' is not a valid Kafka topic name");
            }
            List<String> rs = r.stringList("sources");
            for (int k = 0; k < rs.size(); k++) {
                if (!known.contains(rs.get(k))) {
                    throw new ConfigException(r.path("sources") + "[" + k + "]", "no source named '" + rs.get(k) + "'");
                }
            }
            List<String> types = r.stringList("types");
            String formatId = r.string("format", RouteFormat.AVRO.id());
            RouteFormat format = RouteFormat.byId(formatId).orElseThrow(() -> new ConfigException(r.path("format"),
                    "must be avro or json, not '" + formatId + "'"));
            r.rejectUnknown();
            out.add(new RouteConfig(topic, rs, types, format));
        }
        return out;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** A position in the tree that knows its dotted path and which of its keys were read. */
    private final class Node {
        final String path;
        final JsonNode node;
        final Set<String> used = new HashSet<>();

        Node(String path, JsonNode node) {
            this.path = path;
            this.node = node;
        }

        String path(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        boolean present() {
            return node != null && !node.isMissingNode() && !node.isNull();
        }

        boolean has(String key) {
            used.add(key);
            JsonNode v = node == null ? null : node.get(key);
            return v != null && !v.isNull();
        }

        Node child(String key) {
            used.add(key);
            if (present() && !node.isObject()) {
                throw new ConfigException(path, "must be a mapping");
            }
            return new Node(path(key), present() ? node.get(key) : null);
        }

        Node element(int i) {
            return new Node(path + "[" + i + "]", node.get(i));
        }

        void requireObject() {
            if (!node.isObject()) {
                throw new ConfigException(path, "must be a mapping");
            }
        }

        void requireArray() {
            if (!node.isArray()) {
                throw new ConfigException(path, "must be a list");
            }
        }

        String scalar() {
            if (!present() || node.isContainerNode()) {
                throw new ConfigException(path, "must be a single value");
            }
            return substitute(path, node.asText());
        }

        String required(String key) {
            String v = string(key, null);
            if (v == null || v.isBlank()) {
                throw new ConfigException(path(key), "is required");
            }
            return v;
        }

        String string(String key, String def) {
            Node c = child(key);
            return c.present() ? c.scalar() : def;
        }

        List<String> stringList(String key) {
            Node c = child(key);
            List<String> out = new ArrayList<>();
            if (!c.present()) {
                return out;
            }
            if (c.node.getNodeType() != JsonNodeType.ARRAY) {
                out.add(c.scalar());
                return out;
            }
            for (int i = 0; i < c.node.size(); i++) {
                out.add(c.element(i).scalar());
            }
            return out;
        }

        int integer(String key, int def, int min, int max) {
            return (int) longValue(key, def, min, max);
        }

        long longValue(String key, long def, long min, long max) {
            String s = string(key, null);
            if (s == null) {
                return def;
            }
            long v;
            try {
                v = Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(path(key), "'" + s + "' is not a whole number");
            }
            if (v < min || v > max) {
                throw new ConfigException(path(key), v + " is out of range [" + min + ", " + max + "]");
            }
            return v;
        }

        Duration duration(String key, Duration def) {
            String s = string(key, null);
            return s == null ? def : Durations.parse(path(key), s);
        }

        void rejectUnknown() {
            if (!present() || !node.isObject()) {
                return;
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!used.contains(k)) {
                    throw new ConfigException(path(k), "unknown key");
                }
            }
        }

        private String substitute(String key, String value) {
            Matcher m = VAR.matcher(value);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String v = env.get(m.group(1));
                if (v == null) {
                    v = m.group(2);
                }
                if (v == null) {
                    throw new ConfigException(key, "environment variable " + m.group(1) + " is not set");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(v));
            }
            m.appendTail(out);
            return out.toString();
        }
    }
}
