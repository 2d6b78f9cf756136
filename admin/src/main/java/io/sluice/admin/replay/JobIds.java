package io.sluice.admin.replay;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Replay job ids: 1 to 128 characters of {@code A-Z a-z 0-9 . _ -}, starting with a letter or digit.
 * The id ends up in a Kafka {@code transactional.id}, a client id and record keys, and in URLs: no
 * slash, no {@code ..}, no percent sign, nothing to escape.
 */
public final class JobIds {
    public static final int MAX_LENGTH = 128;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private JobIds() {
    }

    public static boolean valid(String id) {
        return id != null && id.length() <= MAX_LENGTH && VALID.matcher(id).matches();
    }

    /** A fresh id for a request that names none: {@code replay-<UTC time>-<8 hex>}. */
    public static String generate(Instant now) {
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        return "replay-" + STAMP.format(now) + "-" + HexFormat.of().formatHex(random);
    }
}
