package io.sluice.testkit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RawHttpTest {
    /** A one-shot server that answers whatever it is given to answer. */
    private static int serve(byte[] answer) throws IOException {
        ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (ss; Socket s = ss.accept()) {
                InputStream in = s.getInputStream();
                in.read(new byte[65536]);
                OutputStream out = s.getOutputStream();
                out.write(answer);
                out.flush();
            } catch (IOException ignored) {
                // test server
            }
        });
        t.setDaemon(true);
        t.start();
        return ss.getLocalPort();
    }

    @Test
    void readsStatusHeadersAndBody() throws IOException {
        int port = serve("HTTP/1.1 401 Unauthorized\r\ncontent-length: 29\r\n\r\n{\"error\":\"invalid_signature\"}"
                .getBytes(StandardCharsets.ISO_8859_1));
        RawHttp.Response r = RawHttp.exchange(port, RawHttp.request("POST / HTTP/1.1", List.of("Host: x"), null),
                Duration.ofSeconds(5));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.bodyText()).isEqualTo("{\"error\":\"invalid_signature\"}");
        assertThat(r.header("Content-Length")).isEqualTo("29");
    }

    @Test
    void readsTwoPipelinedAnswers() throws IOException {
        String one = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";
        int port = serve((one + one.replace("200 OK", "503 Service Unavailable")).getBytes(StandardCharsets.ISO_8859_1));
        List<RawHttp.Response> rs = RawHttp.exchangeAll(port, "x".getBytes(StandardCharsets.US_ASCII), 2,
                Duration.ofSeconds(5), false);
        assertThat(rs).extracting(RawHttp.Response::status).containsExactly(200, 503);
    }

    @Test
    void reportsACloseWithoutAnswer() throws IOException {
        int port = serve(new byte[0]);
        assertThat(RawHttp.exchange(port, "x".getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(5)).status())
                .isEqualTo(RawHttp.CLOSED);
    }
}
