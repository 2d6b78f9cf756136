package io.sluice.config;

/**
 * The signature rule of the configurable {@code hmac} scheme (also used by {@code hyponema}).
 *
 * @param header    request header that carries the signature
 * @param algorithm {@code sha1}, {@code sha256} or {@code sha512}
 * @param encoding  {@code hex} or {@code base64}
 * @param prefix    stripped from the header value before comparing, e.g. {@code sha256=}; empty when none
 * @param signed    template of the signed content; placeholders {@code {body} {timestamp} {id} {url}}
 */
public record HmacConfig(String header, String algorithm, String encoding, String prefix, String signed) {
    /** Absent fields take their defaults: {@code sha256}, {@code hex}, no prefix, {@code {body}}. */
    public HmacConfig {
        algorithm = algorithm == null ? "sha256" : algorithm;
        encoding = encoding == null ? "hex" : encoding;
        prefix = prefix == null ? "" : prefix;
        signed = signed == null ? "{body}" : signed;
    }

    /** Java's MAC algorithm name, such as {@code HmacSHA256}. */
    public String macAlgorithm() {
        return switch (algorithm) {
            case "sha1" -> "HmacSHA1";
            case "sha512" -> "HmacSHA512";
            default -> "HmacSHA256";
        };
    }
}
