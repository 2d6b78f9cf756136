package io.sluice.ingress;

/** Makes provider-controlled text (event ids, types) safe for one key=value log line. */
final class LogText {
    private static final int MAX = 200;

    private LogText() {
    }

    /** Printable ASCII only (others become '?'), no spaces or quotes, at most 200 characters. */
    static String safe(String s) {
        if (s == null) {
            return "-";
        }
        int n = Math.min(s.length(), MAX);
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b.append(c > 0x20 && c < 0x7f && c != '"' && c != '=' ? c : '?');
        }
        if (s.length() > MAX) {
            b.append("...");
        }
        return b.length() == 0 ? "-" : b.toString();
    }
}
