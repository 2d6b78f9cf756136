package io.sluice.config;

import com.fasterxml.jackson.annotation.JsonFormat;

import static com.fasterxml.jackson.annotation.JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One webhook source: deliveries to {@code POST /webhooks/{name}} (and {@code path}, if set) are
 * verified with {@code scheme} against any of {@code secrets}.
 *
 * @param name         URL segment and the {@code sluice.source} header
 * @param scheme       the provider's scheme name, a key of {@code io.sluice.scheme.Providers} (checked at load)
 * @param path         optional extra path, or null
 * @param secrets      one or more; any one verifies (rotation)
 * @param tolerance    timestamp tolerance override, or null for the preset's
 * @param hmac         the signature rule for {@code hmac} and {@code hyponema}, else null
 * @param timestamp    timestamp location override, or null for the preset's
 * @param eventId      event id location override, or null for the preset's
 * @param eventType    event type location override, or null for the preset's
 * @param maxBodyBytes body limit override, or null for {@code ingress.max-body-bytes}
 * @param publicUrl    the public URL the provider calls, for presets that sign the URL (Twilio), or null
 * @param rateLimit    deliveries per second and burst, per ingress instance, or null for no limit
 * @param appKey       the provider app's public key, for presets whose deliveries name their app in a header
 *                     (Pusher's {@code X-Pusher-Key}): a delivery naming another app is refused; null: not checked
 */
public record SourceConfig(String name, String scheme, String path,
                           @JsonFormat(with = ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Secret> secrets, Duration tolerance,
                           HmacConfig hmac, ValueLocator timestamp, ValueLocator eventId, ValueLocator eventType,
                           Long maxBodyBytes, String publicUrl, RateLimitConfig rateLimit, String appKey) {
    public SourceConfig {
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
    }

    /** A source without app key. */
    public SourceConfig(String name, String scheme, String path, List<Secret> secrets, Duration tolerance,
                        HmacConfig hmac, ValueLocator timestamp, ValueLocator eventId, ValueLocator eventType,
                        Long maxBodyBytes, String publicUrl, RateLimitConfig rateLimit) {
        this(name, scheme, path, secrets, tolerance, hmac, timestamp, eventId, eventType, maxBodyBytes, publicUrl,
                rateLimit, null);
    }

    /** A source without public URL, rate limit and app key. */
    public SourceConfig(String name, String scheme, String path, List<Secret> secrets, Duration tolerance,
                        HmacConfig hmac, ValueLocator timestamp, ValueLocator eventId, ValueLocator eventType,
                        Long maxBodyBytes) {
        this(name, scheme, path, secrets, tolerance, hmac, timestamp, eventId, eventType, maxBodyBytes, null, null, null);
    }

    /** This source with {@code app-key} set to {@code key}, everything else kept. */
    public SourceConfig withAppKey(String key) {
        return new SourceConfig(name, scheme, path, secrets, tolerance, hmac, timestamp, eventId, eventType, maxBodyBytes,
                publicUrl, rateLimit, key);
    }

    /** This source with other secrets, everything else kept (signing with a chosen key, rotation tests). */
    public SourceConfig withSecrets(List<Secret> other) {
        return new SourceConfig(name, scheme, path, other, tolerance, hmac, timestamp, eventId, eventType, maxBodyBytes,
                publicUrl, rateLimit, appKey);
    }

    public Optional<RateLimitConfig> rateLimitOverride() {
        return Optional.ofNullable(rateLimit);
    }

    public Optional<String> publicUrlOverride() {
        return Optional.ofNullable(publicUrl);
    }

    public Optional<Duration> toleranceOverride() {
        return Optional.ofNullable(tolerance);
    }

    /** The body limit that applies to this source. */
    public long effectiveMaxBodyBytes(IngressConfig ingress) {
        return maxBodyBytes != null ? maxBodyBytes : ingress.maxBodyBytes();
    }
}
