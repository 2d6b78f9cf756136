package io.sluice.ingress;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP answer, as data: status, JSON (or text) body, extra headers, and whether the connection
 * must be closed after it (a body was left unread).
 *
 * @param status      HTTP status
 * @param outcome     the metrics label: {@code accepted} or the error code
 * @param contentType content type of {@code body}
 * @param body        the encoded body
 * @param headers     extra response headers
 * @param close       answer {@code Connection: close} and close the connection after the answer
 */
record Reply(int status, String outcome, String contentType, byte[] body, Map<String, String> headers, boolean close) {
    Reply {
        headers = Map.copyOf(headers);
    }

    Reply withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Reply(status, outcome, contentType, body, h, close);
    }

    Reply closing() {
        return new Reply(status, outcome, contentType, body, headers, true);
    }
}
