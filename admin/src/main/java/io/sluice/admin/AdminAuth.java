package io.sluice.admin;

import io.sluice.config.AdminToken;
import io.sluice.config.Scope;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer-token authentication of the admin API with scopes ({@code read}, {@code replay},
 * {@code admin}).
 *
 * <p>Each presented token is compared with EVERY configured token, in constant time and without an
 * early exit, over SHA-256 digests (fixed length: neither the position of the first differing byte,
 * the token's length nor which configured token matched shows in the timing). Token values are
 * never logged, never put in an answer; the audit log gets the token's {@code name}.
 *
 * <pre>{@code
 * router.post("/admin/reload").handler(auth.require(Scope.ADMIN)).handler(ctx -> {
 *     audit.record(auth.tokenName(ctx), "reload", Map.of());
 *     ...
 * });
 * }</pre>
 */
public final class AdminAuth {
    /** Routing-context key of the authenticated token's name. */
    static final String TOKEN_NAME = "sluice.admin.token-name";
    static final String TOKEN_SCOPES = "sluice.admin.token-scopes";
    private static final String BEARER = "bearer ";

    /** A configured token: its name, the SHA-256 of its value, its scopes. */
    private record Entry(String name, byte[] digest, Set<Scope> scopes) {
    }

    /** Who a presented token belongs to. */
    public record Principal(String name, Set<Scope> scopes) {
    }

    /** The configured tokens; swapped whole by a live reload ({@link #prepare}). */
    private volatile List<Entry> entries;

    public AdminAuth(List<AdminToken> tokens) {
        this.entries = entries(tokens);
    }

    private static List<Entry> entries(List<AdminToken> tokens) {
        return tokens.stream().map(t -> new Entry(t.name(), sha256(t.token().utf8()), Set.copyOf(t.scopes())))
                .toList();
    }

    /**
     * Live config: digests {@code tokens} now and returns the switch to them. After the switch a
     * removed token gets 401 and an added one is let through; a request already authenticated
     * finishes with the token it was let in with.
     */
    public Runnable prepare(List<AdminToken> tokens) {
        List<Entry> next = entries(tokens);
        return () -> entries = next;
    }

    /** False when no token is configured: the admin API is off. */
    public boolean enabled() {
        return !entries.isEmpty();
    }

    /**
     * A handler that lets the request through only with a valid bearer token holding {@code scope}:
     * 401 {@code unauthorized} without one (missing, malformed, unknown), 403 {@code forbidden}
     * with one that lacks the scope.
     */
    public Handler<RoutingContext> require(Scope scope) {
        return ctx -> {
            Optional<Principal> who = authenticate(bearer(ctx.request().getHeader("Authorization")));
            if (who.isEmpty()) {
                ctx.response().putHeader("WWW-Authenticate", "Bearer");
                AdminErrors.send(ctx, 401, "unauthorized", null);
                return;
            }
            if (scope != null && !who.get().scopes().contains(scope)) {
                AdminErrors.send(ctx, 403, "forbidden", null);
                return;
            }
            ctx.put(TOKEN_NAME, who.get().name());
            ctx.put(TOKEN_SCOPES, who.get().scopes());
            ctx.next();
        };
    }

    /** A handler that lets any valid token through, whatever its scopes (401 otherwise). */
    public Handler<RoutingContext> authenticated() {
        return require(null);
    }

    /** The name of the token that authenticated this request (after {@link #require}), for the audit log. */
    public String tokenName(RoutingContext ctx) {
        String name = ctx.get(TOKEN_NAME);
        if (name == null) {
            throw new IllegalStateException("tokenName() called on a route without require()");
        }
        return name;
    }

    /** The scopes of the token that authenticated this request (after {@link #require}). */
    public Set<Scope> scopes(RoutingContext ctx) {
        Set<Scope> s = ctx.get(TOKEN_SCOPES);
        return s == null ? Set.of() : s;
    }

    /**
     * The principal of a presented token value, compared with every configured token in constant time.
     *
     * @param presented the token value (null: none presented)
     */
    public Optional<Principal> authenticate(String presented) {
        List<Entry> configured = entries; // one snapshot per request
        if (presented == null || configured.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = sha256(presented.getBytes(StandardCharsets.UTF_8));
        Entry match = null;
        for (Entry e : configured) {
            // no early exit: every entry is compared, whatever matched before
            boolean equal = MessageDigest.isEqual(digest, e.digest());
            if (equal && match == null) {
                match = e;
            }
        }
        return match == null ? Optional.empty() : Optional.of(new Principal(match.name(), match.scopes()));
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or null. */
    static String bearer(String header) {
        if (header == null || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = header.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }

    private static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
