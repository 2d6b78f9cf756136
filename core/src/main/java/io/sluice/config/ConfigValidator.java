package io.sluice.config;

import com.fasterxml.jackson.core.JsonPointer;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules a type cannot express (ranges, names, references between keys), checked once on the
 * bound records. Each failure names the full key path.
 */
final class ConfigValidator {
    private static final Pattern SOURCE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");
    private static final Set<String> PLACEHOLDERS = Set.of("body", "timestamp", "id", "url");
    private static final long MAX_BODY = 64L * 1024 * 1024;

    private ConfigValidator() {
    }

    static void validate(SluiceConfig c) {
        range("kafka.embedded.port", c.kafka().embedded().port(), 0, 65535);
        topics(c.topics());
        ingress(c.ingress());
        processor(c.processor());
        admin(c.admin());
        sources(c.sources());
        routes(c.routes(), c.sources());
    }

    private static void topics(TopicsConfig t) {
        topic("topics.raw", t.raw());
        topic("topics.default", t.defaultTopic());
        topic("topics.dead-letter", t.deadLetter());
        topic("topics.index", t.index());
        topic("topics.rejections", t.rejections());
        topic("topics.audit", t.audit());
        range("topics.partitions", t.partitions(), 1, 100_000);
        range("topics.replication-factor", t.replicationFactor(), 1, Short.MAX_VALUE);
    }

    private static void ingress(IngressConfig i) {
        required("ingress.host", i.host());
        range("ingress.port", i.port(), 0, 65535);
        range("ingress.max-body-bytes", i.maxBodyBytes(), 1, MAX_BODY);
        range("ingress.max-in-flight", i.maxInFlight(), 1, 1_000_000);
        if (i.tls() != null) {
            required("ingress.tls.cert", i.tls().certPath());
            required("ingress.tls.key", i.tls().keyPath());
        }
    }

    private static void processor(ProcessorConfig p) {
        range("processor.port", p.port(), 0, 65535);
        if (p.dedupeWindow().compareTo(Duration.ofMinutes(1)) < 0) {
            throw new ConfigException("processor.dedupe-window", "must be at least 1m");
        }
        required("processor.application-id", p.applicationId());
        range("processor.standby-replicas", p.standbyReplicas(), 0, 10);
        range("processor.threads", p.threads(), 1, 64);
    }

    private static void admin(AdminConfig a) {
        required("admin.host", a.host());
        range("admin.port", a.port(), 0, 65535);
        Set<String> names = new HashSet<>();
        List<AdminToken> tokens = a.tokens();
        for (int i = 0; i < tokens.size(); i++) {
            String key = "admin.tokens[" + i + "]";
            AdminToken t = tokens.get(i);
            required(key + ".name", t.name());
            if (!names.add(t.name())) {
                throw new ConfigException(key + ".name", "duplicate token name '" + t.name() + "'");
            }
            if (t.token() == null || t.token().reveal().isBlank()) {
                throw new ConfigException(key + ".token", "is required (a secret: use ${ENV_VARIABLE})");
            }
            for (int k = 0; k < i; k++) {
                if (tokens.get(k).token().equals(t.token())) {
                    // never print the value: name the other entry only
                    throw new ConfigException(key + ".token", "same value as token '" + tokens.get(k).name() + "'");
                }
            }
            if (t.scopes().isEmpty()) {
                throw new ConfigException(key + ".scopes", "at least one scope is required (read, replay, admin)");
            }
        }
    }

    private static void sources(List<SourceConfig> sources) {
        if (sources.isEmpty()) {
            throw new ConfigException("sources", "at least one source is required");
        }
        Set<String> names = new HashSet<>();
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < sources.size(); i++) {
            String key = "sources[" + i + "]";
            SourceConfig s = sources.get(i);
            required(key + ".name", s.name());
            if (!SOURCE_NAME.matcher(s.name()).matches()) {
                throw new ConfigException(key + ".name", "'" + s.name() + "' must be lower-case letters, digits, '.', '_' or '-'");
            }
            if (!names.add(s.name())) {
                throw new ConfigException(key + ".name", "duplicate source name '" + s.name() + "'");
            }
            required(key + ".scheme", s.scheme());
            SchemeField.check(key + ".scheme", s.scheme());
            if (s.path() != null) {
                if (!s.path().startsWith("/") || s.path().contains(" ") || s.path().contains("?")) {
                    throw new ConfigException(key + ".path", "must be an absolute URL path such as /v1/inbound/generic");
                }
                if (!paths.add(s.path())) {
                    throw new ConfigException(key + ".path", "path '" + s.path() + "' is used by another source");
                }
            }
            secrets(key + ".secrets", s.secrets());
            hmac(key, s);
            locator(key + ".timestamp", s.timestamp());
            locator(key + ".event-id", s.eventId());
            locator(key + ".event-type", s.eventType());
            if (s.maxBodyBytes() != null) {
                range(key + ".max-body-bytes", s.maxBodyBytes(), 1, MAX_BODY);
            }
            if (s.publicUrl() != null) {
                publicUrl(key + ".public-url", s.publicUrl());
            }
            if (s.appKey() != null) {
                appKey(key + ".app-key", s);
            }
        }
    }

    private static void secrets(String key, List<Secret> secrets) {
        if (secrets.isEmpty()) {
            throw new ConfigException(key, "at least one secret is required");
        }
        for (int i = 0; i < secrets.size(); i++) {
            if (secrets.get(i) == null || secrets.get(i).reveal().isEmpty()) {
                throw new ConfigException(key + "[" + i + "]", "a secret must not be empty");
            }
        }
    }

    /** Which schemes take an {@code hmac} block, and what its template needs. */
    private static void hmac(String key, SourceConfig s) {
        boolean needed = SchemeField.takesHmacBlock(s.scheme());
        HmacConfig h = s.hmac();
        if (h == null) {
            if (needed) {
                throw new ConfigException(key + ".hmac", "required for scheme '" + s.scheme() + "'");
            }
            return;
        }
        if (!needed) {
            throw new ConfigException(key + ".hmac", "only allowed with scheme 'hmac' or 'hyponema'");
        }
        header(key + ".hmac.header", h.header());
        if (!Set.of("sha1", "sha256", "sha512").contains(h.algorithm())) {
            throw new ConfigException(key + ".hmac.algorithm", "must be sha1, sha256 or sha512, not '" + h.algorithm() + "'");
        }
        if (!Set.of("hex", "base64").contains(h.encoding())) {
            throw new ConfigException(key + ".hmac.encoding", "must be hex or base64, not '" + h.encoding() + "'");
        }
        Set<String> used = new HashSet<>();
        Matcher m = PLACEHOLDER.matcher(h.signed());
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                throw new ConfigException(key + ".hmac.signed", "unknown placeholder {" + m.group(1) + "} (known: {body} {timestamp} {id} {url})");
            }
            used.add(m.group(1));
        }
        if ("hmac".equals(s.scheme()) && used.contains("timestamp") && s.timestamp() == null) {
            throw new ConfigException(key + ".timestamp", "required: hmac.signed uses {timestamp}");
        }
        if ("hmac".equals(s.scheme()) && used.contains("id") && s.eventId() == null) {
            throw new ConfigException(key + ".event-id", "required: hmac.signed uses {id}");
        }
    }

    private static void locator(String key, ValueLocator v) {
        if (v == null) {
            return;
        }
        if (v.isHeader()) {
            header(key + ".header", v.header());
            return;
        }
        try {
            if (!v.json().startsWith("/")) {
                throw new IllegalArgumentException("must start with '/'");
            }
            JsonPointer.compile(v.json());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ".json", "'" + v.json() + "' is not a JSON Pointer such as /id");
        }
    }

    /** Only for schemes whose deliveries name their app ({@code pusher}); a blank key would refuse every delivery. */
    private static void appKey(String key, SourceConfig s) {
        if (!SchemeField.takesAppKey(s.scheme())) {
            throw new ConfigException(key, "only allowed with a scheme whose deliveries name their app (pusher)");
        }
        if (s.appKey().isBlank()) {
            throw new ConfigException(key, "must not be empty");
        }
    }

    private static void publicUrl(String key, String url) {
        try {
            URI uri = new URI(url);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                return;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new ConfigException(key, "'" + url + "' is not an absolute http(s) URL");
    }

    private static void routes(List<RouteConfig> routes, List<SourceConfig> sources) {
        Set<String> known = new HashSet<>();
        sources.forEach(s -> known.add(s.name()));
        for (int i = 0; i < routes.size(); i++) {
            String key = "routes[" + i + "]";
            RouteConfig r = routes.get(i);
            required(key + ".topic", r.topic());
            topic(key + ".topic", r.topic());
            for (int k = 0; k < r.sources().size(); k++) {
                if (!known.contains(r.sources().get(k))) {
                    throw new ConfigException(key + ".sources[" + k + "]", "no source named '" + r.sources().get(k) + "'");
                }
            }
        }
    }

    private static void header(String key, String name) {
        required(key, name);
        if (!HEADER_NAME.matcher(name).matches()) {
            throw new ConfigException(key, "'" + name + "' is not a valid header name");
        }
    }

    private static void topic(String key, String name) {
        required(key, name);
        if (!TOPIC_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new ConfigException(key, "'" + name + "' is not a valid Kafka topic name");
        }
    }

    private static void required(String key, Object value) {
        if (value == null || value instanceof String s && s.isBlank()) {
            throw new ConfigException(key, "is required");
        }
    }

    private static void range(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException(key, value + " is out of range [" + min + ", " + max + "]");
        }
    }
}
