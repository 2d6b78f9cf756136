package io.sluice.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scans log files for secrets and computed signatures. Secrets are few: each line is searched for
 * each of them. Signatures are many (one per delivery): every hex run of 40+ digits and every base64
 * run of 27+ characters in a line is looked up in the set of signatures instead, which stays linear in
 * the size of the logs.
 */
public final class LogScanner {
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{40,}");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{27,}={0,2}");

    /**
     * One leak.
     *
     * @param file where
     * @param line line number (1-based)
     * @param what "secret" or "signature" (never the value itself: the report must not leak it either)
     */
    public record Finding(Path file, long line, String what) {
        @Override
        public String toString() {
            return file.getFileName() + ":" + line + " contains a " + what;
        }
    }

    private final List<String> secrets;
    private final Set<String> signatures;

    /**
     * @param secrets    literal secrets (and their other textual forms)
     * @param signatures computed signature values, hex or base64, without scheme prefixes
     */
    public LogScanner(Collection<String> secrets, Set<String> signatures) {
        this.secrets = List.copyOf(secrets);
        this.signatures = Set.copyOf(signatures);
    }

    public List<Finding> scan(Collection<Path> files) {
        List<Finding> out = new ArrayList<>();
        for (Path f : files) {
            if (!Files.exists(f)) {
                continue;
            }
            // ISO-8859-1 maps every byte to a char: a log line with invalid UTF-8 cannot hide a match
            try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.ISO_8859_1)) {
                String line;
                long n = 0;
                while ((line = r.readLine()) != null) {
                    n++;
                    scanLine(f, n, line, out);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private void scanLine(Path f, long n, String line, List<Finding> out) {
        for (String s : secrets) {
            if (line.contains(s)) {
                out.add(new Finding(f, n, "secret"));
            }
        }
        if (matches(HEX.matcher(line)) || matches(BASE64.matcher(line))) {
            out.add(new Finding(f, n, "signature"));
        }
    }

    private boolean matches(Matcher m) {
        while (m.find()) {
            String token = m.group();
            if (signatures.contains(token)) {
                return true;
            }
            // a signature glued to other characters of the same alphabet ("v1,abc..." is split by the comma,
            // but "sha256abc..." is not): try every window of the lengths signatures have
            for (String sig : lengthsProbe(token)) {
                if (signatures.contains(sig)) {
                    return true;
                }
            }
        }
        return false;
    }

    private List<String> lengthsProbe(String token) {
        List<String> out = new ArrayList<>();
        for (int len : new int[]{64, 44, 43, 40}) {
            if (token.length() > len && token.length() < 4096) {
                for (int i = 0; i + len <= token.length(); i++) {
                    out.add(token.substring(i, i + len));
                }
            }
        }
        return out;
    }
}
