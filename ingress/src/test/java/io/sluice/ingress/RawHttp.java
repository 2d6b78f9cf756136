package io.sluice.ingress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A plain socket client for what java.net.http will not send (chunked cut-offs, slow bodies, garbage). */
final class RawHttp implements AutoCloseable {
    private final Socket socket;

    RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
    }

    RawHttp write(String text) throws IOException {
        return write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawHttp write(byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Writes, ignoring a reset by the server (it may close after answering early). */
    RawHttp writeQuietly(byte[] bytes) {
        try {
            write(bytes);
        } catch (IOException e) {
            // the server answered and closed: expected for early refusals
        }
        return this;
    }

    /** Everything the server sends until it closes the connection (or the read times out). */
    String readUntilClose() throws IOException {
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
    boolean closedByServerWithoutAnswer() throws IOException {
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
    String readResponse() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            String s = b.toString(StandardCharsets.ISO_8859_1);
            if (s.endsWith("\r\n\r\n")) {
                int len = 0;
                for (String line : s.split("\r\n")) {
                    if (line.toLowerCase().startsWith("content-length:")) {
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
