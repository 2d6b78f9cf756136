package io.sluice.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tests' one raw-socket HTTP client: HTTP/1.1 over a plain socket, byte for byte as written, the
 * only way to send what no HTTP client library would (garbled lines, lying Content-Length, bodies cut
 * short, trickled bytes, odd paths such as {@code ../}). Three ways in: {@link #exchange} (one
 * request, one answer with timing), {@link #send} (a well-formed request with {@code Connection: close},
 * the answer parsed) and {@link #open} (a connection to write to and read from step by step).
 */
public final class RawHttp {
    /** {@link Response#status()} when the server closed the connection without answering. */
    public static final int CLOSED = -1;
    /** {@link Response#status()} when nothing came back within the read timeout. */
    public static final int NO_ANSWER = -2;
    /** {@link Response#status()} when the server answered in another protocol (an HTTP/2 frame, TLS alert...). */
    public static final int OTHER_PROTOCOL = -3;

    private RawHttp() {
    }

    /**
     * What came back.
     *
     * @param status  the status code, {@link #CLOSED} or {@link #NO_ANSWER}
     * @param head    status line and headers as text (empty when none)
     * @param body    the response body
     * @param millis  time from the first byte sent to the end of the answer
     */
    public record Response(int status, String head, byte[] body, long millis) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** A header's value (first), or null. */
        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int c = line.indexOf(':');
                if (c > 0 && line.substring(0, c).trim().equalsIgnoreCase(name)) {
                    return line.substring(c + 1).trim();
                }
            }
            return null;
        }

        @Override
        public String toString() {
            String b = bodyText();
            return "status=" + status + (b.isEmpty() ? "" : " body=" + (b.length() > 200 ? b.substring(0, 200) + "..." : b))
                    + " after " + millis + " ms";
        }
    }

    /** Sends {@code request} in one write and reads one answer. */
    public static Response exchange(int port, byte[] request, Duration readTimeout) {
        return exchange(port, request, readTimeout, false);
    }

    /**
     * Sends {@code request} and reads one answer.
     *
     * @param halfClose shut the output down after sending (the server sees end-of-stream mid-request)
     */
    public static Response exchange(int port, byte[] request, Duration readTimeout, boolean halfClose) {
        List<Response> all = exchangeAll(port, request, 1, readTimeout, halfClose);
        return all.get(0);
    }

    /** Sends {@code request} (possibly several pipelined requests) and reads up to {@code answers} answers. */
    public static List<Response> exchangeAll(int port, byte[] request, int answers, Duration readTimeout, boolean halfClose) {
        long start = System.nanoTime();
        List<Response> out = new ArrayList<>();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout((int) readTimeout.toMillis());
            OutputStream os = s.getOutputStream();
            try {
                os.write(request);
                os.flush();
                if (halfClose) {
                    s.shutdownOutput();
                }
            } catch (IOException e) {
                // the server may answer and close before reading everything (413, 431): read what it said
            }
            InputStream in = s.getInputStream();
            Reader reader = new Reader(in);
            for (int i = 0; i < answers; i++) {
                out.add(reader.next(start));
                if (out.get(out.size() - 1).status() < 0) {
                    break;
                }
            }
        } catch (IOException e) {
            out.add(new Response(CLOSED, "", new byte[0], elapsed(start)));
        }
        while (out.size() < 1) {
            out.add(new Response(CLOSED, "", new byte[0], elapsed(start)));
        }
        return out;
    }

    /** Milliseconds since {@code start} (a {@link System#nanoTime()}). */
    public static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Reads consecutive responses from one connection. */
    public static final class Reader {
        private final InputStream in;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        public Reader(InputStream in) {
            this.in = in;
        }

        /** The next answer on the connection; {@code start} is when the request was sent. */
        public Response next(long start) {
            try {
                byte[] buf = pending.toByteArray();
                pending.reset();
                ByteArrayOutputStream acc = new ByteArrayOutputStream();
                acc.write(buf);
                int headEnd;
                while ((headEnd = indexOf(acc.toByteArray(), "\r\n\r\n".getBytes(StandardCharsets.US_ASCII))) < 0) {
                    if (acc.size() >= 5 && !acc.toString(StandardCharsets.ISO_8859_1).startsWith("HTTP/")) {
                        return new Response(OTHER_PROTOCOL, "", acc.toByteArray(), elapsed(start));
                    }
                    if (!readMore(acc)) {
                        return acc.size() == 0 ? new Response(CLOSED, "", new byte[0], elapsed(start))
                                : new Response(parseStatus(acc.toString(StandardCharsets.ISO_8859_1)),
                                acc.toString(StandardCharsets.ISO_8859_1), new byte[0], elapsed(start));
                    }
                }
                byte[] all = acc.toByteArray();
                String head = new String(all, 0, headEnd, StandardCharsets.ISO_8859_1);
                int status = parseStatus(head);
                long length = contentLength(head);
                boolean chunked = head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked");
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                body.write(all, headEnd + 4, all.length - headEnd - 4);
                if (length >= 0) {
                    while (body.size() < length) {
                        if (!readMore(body)) {
                            break;
                        }
                    }
                    byte[] b = body.toByteArray();
                    int take = (int) Math.min(length, b.length);
                    pending.write(b, take, b.length - take);
                    byte[] bodyBytes = new byte[take];
                    System.arraycopy(b, 0, bodyBytes, 0, take);
                    return new Response(status, head, bodyBytes, elapsed(start));
                }
                if (chunked) {
                    while (indexOf(body.toByteArray(), "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)) < 0) {
                        if (!readMore(body)) {
                            break;
                        }
                    }
                    return new Response(status, head, body.toByteArray(), elapsed(start));
                }
                // no length: a 1xx/204/304 or "until close"; HEAD answers and errors here carry a length
                return new Response(status, head, body.toByteArray(), elapsed(start));
            } catch (SocketTimeoutException e) {
                return new Response(NO_ANSWER, "", new byte[0], elapsed(start));
            } catch (IOException e) {
                return new Response(CLOSED, "", new byte[0], elapsed(start));
            }
        }

        private boolean readMore(ByteArrayOutputStream acc) throws IOException {
            byte[] b = new byte[8192];
            int n = in.read(b);
            if (n < 0) {
                return false;
            }
            acc.write(b, 0, n);
            return true;
        }
    }

    /** The status code of a response head, or {@link #CLOSED} when it is not HTTP. */
    public static int parseStatus(String head) {
        if (!head.startsWith("HTTP/")) {
            return CLOSED;
        }
        String[] parts = head.split(" ", 3);
        try {
            return Integer.parseInt(parts[1].trim());
        } catch (RuntimeException e) {
            return CLOSED;
        }
    }

    static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                try {
                    return Long.parseLong(line.substring(15).trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Builds a request: request line, headers (in order, duplicates allowed), blank line, body. */
    public static byte[] request(String requestLine, List<String> headerLines, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((requestLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        for (String h : headerLines) {
            out.writeBytes((h + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    /**
     * An answer read to the end of the connection and parsed.
     *
     * @param status  the status code
     * @param headers header names in lower case, first value of each
     * @param body    the body as UTF-8 text (de-chunked)
     */
    public record Reply(int status, Map<String, String> headers, String body) {
        /** A header's value, or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** {@link #send(int, String, String, Map, byte[])} with an optional bearer token and a UTF-8 JSON body. */
    public static Reply send(int port, String method, String target, String bearerToken, String body) throws IOException {
        return send(port, method, target, bearerToken == null ? Map.of() : Map.of("Authorization", "Bearer " + bearerToken),
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends one request ({@code Host}, {@code Connection: close}, the given headers and, with a body,
     * {@code Content-Type: application/json} and its {@code Content-Length}) and reads the answer to the
     * end of the connection.
     *
     * @throws IOException when nothing HTTP came back
     */
    public static Reply send(int port, String method, String target, Map<String, String> headers, byte[] body)
            throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            head.append("Host: 127.0.0.1:").append(port).append("\r\n");
            head.append("Connection: close\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (body != null) {
                head.append("Content-Type: application/json\r\n");
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                try {
                    out.write(body);
                } catch (IOException e) {
                    // the server may answer (413) and close before the whole body is sent
                }
            }
            out.flush();
            return parseReply(readAll(s.getInputStream()));
        }
    }

    private static byte[] readAll(InputStream in) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                all.write(buf, 0, n);
            }
        } catch (IOException e) {
            // connection reset after the answer: keep what arrived
        }
        return all.toByteArray();
    }

    static Reply parseReply(byte[] bytes) throws IOException {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no HTTP answer: '" + text + "'");
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            if (c > 0) {
                headers.putIfAbsent(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
            }
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Reply(status, headers, body);
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            int eol = body.indexOf("\r\n", i);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(body.substring(i, eol).trim().split(";")[0], 16);
            if (size == 0) {
                break;
            }
            out.append(body, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
        return out.toString();
    }

    /** A connection to 127.0.0.1:{@code port} (20 s read timeout), to write to and read from step by step. */
    public static Connection open(int port) throws IOException {
        return new Connection(port);
    }

    /** One open connection: for what must happen in steps (a slow body, a cut-off chunk, pipelining). */
    public static final class Connection implements AutoCloseable {
        private final Socket socket;

        private Connection(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(20_000);
        }

        public Connection write(String text) throws IOException {
            return write(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        public Connection write(byte[] bytes) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
            return this;
        }

        /** Writes, ignoring a reset by the server (it may close after answering early). */
        public Connection writeQuietly(byte[] bytes) {
            try {
                write(bytes);
            } catch (IOException e) {
                // the server answered and closed: expected for early refusals
            }
            return this;
        }

        /** Everything the server sends until it closes the connection (or the read times out). */
        public String readUntilClose() throws IOException {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    b.write(buf, 0, n);
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // return what arrived
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }

        /** True when the server closes the connection (end of stream or reset) before anything arrives within 10 s. */
        public boolean closedByServerWithoutAnswer() throws IOException {
            socket.setSoTimeout(10_000);
            try {
                return socket.getInputStream().read() == -1;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (java.net.SocketException e) {
                return true; // reset
            }
        }

        /** Reads one response head plus a Content-Length body, leaving the connection open. */
        public String readResponse() throws IOException {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                b.write(c);
                String s = b.toString(StandardCharsets.ISO_8859_1);
                if (s.endsWith("\r\n\r\n")) {
                    int len = 0;
                    for (String line : s.split("\r\n")) {
                        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                            len = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    b.write(in.readNBytes(len));
                    break;
                }
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
