package io.sluice.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.config.AdminToken;
import io.sluice.config.Scope;
import io.sluice.config.Secret;
import io.sluice.processor.index.EventIndex;
import io.sluice.processor.index.Resolver;
import io.sluice.testkit.RawHttp;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lookup of an event another processor instance holds is forwarded to that instance's admin API
 * (with {@code local=true} and the caller's token) and its answer returned; an instance that does
 * not answer gives 503 {@code unavailable}.
 */
class EventRoutesPeersTest {
    static final String TOKEN = "read-token-0123456789abcdef";
    static final ObjectMapper JSON = new ObjectMapper();
    final AtomicReference<String> peerSaw = new AtomicReference<>();
    AdminServer front;
    AdminServer peer;

    static AdminAuth auth() {
        return new AdminAuth(List.of(new AdminToken("reader", new Secret(TOKEN), Set.of(Scope.READ))));
    }

    /** This instance holds nothing locally (its store would throw if read). */
    AdminServer front(HostInfo owner) {
        EventIndex index = new EventIndex(() -> {
            throw new InvalidStateStoreException("not read on a forwarded lookup");
        }, Resolver.NONE, "sluice.dlq");
        IndexPeers.Directory dir = new IndexPeers.Directory() {
            @Override
            public Optional<HostInfo> ownerOf(byte[] key) {
                return Optional.of(owner);
            }

            @Override
            public List<HostInfo> others() {
                return List.of(owner);
            }
        };
        return AdminServer.start("127.0.0.1", 0, auth(), List.of(new EventRoutes(index, new IndexPeers(dir))));
    }

    @AfterEach
    void stop() {
        if (front != null) {
            front.close();
        }
        if (peer != null) {
            peer.close();
        }
    }

    @Test
    void lookupOfAnEventAnotherInstanceHoldsIsForwardedWithTheCallersToken() throws Exception {
        peer = AdminServer.start("127.0.0.1", 0, auth(), List.of((router, auth) ->
                router.get("/admin/events/:source/:id").handler(auth.require(Scope.READ)).handler(ctx -> {
                    peerSaw.set(ctx.request().uri() + " " + ctx.request().getHeader("Authorization"));
                    AdminErrors.ok(ctx, Map.of("id", ctx.pathParam("id"), "status", "delivered"));
                })));
        front = front(new HostInfo("127.0.0.1", peer.port()));
        RawHttp.Reply r = RawHttp.send(front.port(), "GET", "/admin/events/github/e%201", TOKEN, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("id").asText()).isEqualTo("e 1");
        assertThat(peerSaw.get()).isEqualTo("/admin/events/github/e%201?local=true Bearer " + TOKEN);
    }

    @Test
    void instanceThatDoesNotAnswerGives503Unavailable() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        front = front(new HostInfo("127.0.0.1", closed));
        RawHttp.Reply r = RawHttp.send(front.port(), "GET", "/admin/events/github/e1", TOKEN, null);
        assertThat(r.status()).isEqualTo(503);
        assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("unavailable");
        assertThat(r.body()).doesNotContain("Exception");
    }
}
