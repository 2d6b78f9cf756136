package io.sluice.scheme;

import io.sluice.config.ConfigException;
import io.sluice.config.HmacConfig;
import io.sluice.config.Secret;
import io.sluice.config.SourceConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The signature rule of an {@code hmac:} block (schemes {@code hmac} and {@code hyponema}): the signed
 * template is split once into literal and placeholder parts, and fed to the MAC part by part, so the
 * body is never copied.
 */
final class ConfiguredHmac {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(body|timestamp|id|url)}");

    /** Values for the placeholders of one delivery. */
    record Values(byte[] body, String timestamp, String id, String url) {
    }

    private sealed interface Part permits Literal, Placeholder {
    }

    private record Literal(byte[] bytes) implements Part {
    }

    private record Placeholder(String name) implements Part {
    }

    private final HmacConfig config;
    private final List<HmacKey> keys;
    private final List<Part> parts = new ArrayList<>();

    ConfiguredHmac(HmacConfig config, List<Secret> secrets) {
        this.config = config;
        this.keys = secrets.stream().map(s -> new HmacKey(config.macAlgorithm(), s.utf8())).toList();
        Matcher m = PLACEHOLDER.matcher(config.signed());
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                parts.add(new Literal(Codec.utf8(config.signed().substring(at, m.start()))));
            }
            parts.add(new Placeholder(m.group(1)));
            at = m.end();
        }
        if (at < config.signed().length()) {
            parts.add(new Literal(Codec.utf8(config.signed().substring(at))));
        }
    }

    /**
     * The source's {@code hmac} rule, checked once at start: the block must be there ({@code missing}
     * says why, for the error), and a template that signs {@code {timestamp}} needs a {@code timestamp}
     * locator. Shared by every preset whose signature rule the source configures.
     */
    static ConfiguredHmac forSource(SourceConfig source, String missing) {
        if (source.hmac() == null) {
            throw new ConfigException("sources." + source.name() + ".hmac", missing);
        }
        ConfiguredHmac hmac = new ConfiguredHmac(source.hmac(), source.secrets());
        if (hmac.uses("timestamp") && source.timestamp() == null) {
            throw new ConfigException("sources." + source.name() + ".timestamp", "required: hmac.signed uses {timestamp}");
        }
        return hmac;
    }

    boolean uses(String placeholder) {
        return parts.stream().anyMatch(p -> p instanceof Placeholder ph && ph.name().equals(placeholder));
    }

    String header() {
        return config.header();
    }

    /** Checks the signature header against the signed content of {@code v}; throws {@link Rejection}. */
    void verify(Inbound in, Values v) {
        String raw = Scheme.required(in, config.header(), Reason.MISSING_SIGNATURE);
        String text = Scheme.stripPrefix(raw, config.prefix(), config.header());
        byte[] sig = "base64".equals(config.encoding())
                ? Scheme.base64Signature(text, config.header(), keys)
                : Scheme.hexSignature(text, config.header(), keys);
        Scheme.requireMatch(keys, List.of(sig), content(v));
    }

    /** The signature header value for {@code v}, with the first secret. */
    String sign(Values v) {
        byte[] mac = keys.get(0).sign(content(v));
        String enc = "base64".equals(config.encoding()) ? Codec.base64(mac) : Codec.hex(mac);
        return (config.prefix() == null ? "" : config.prefix()) + enc;
    }

    private byte[][] content(Values v) {
        byte[][] out = new byte[parts.size()][];
        for (int i = 0; i < out.length; i++) {
            Part p = parts.get(i);
            if (p instanceof Literal l) {
                out[i] = l.bytes();
            } else {
                String name = ((Placeholder) p).name();
                out[i] = switch (name) {
                    case "body" -> v.body();
                    case "timestamp" -> Codec.utf8(v.timestamp() == null ? "" : v.timestamp());
                    case "id" -> Codec.utf8(v.id() == null ? "" : v.id());
                    default -> Codec.utf8(v.url() == null ? "" : v.url());
                };
            }
        }
        return out;
    }
}
