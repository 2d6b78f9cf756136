package io.sluice.config;

import java.util.Set;

/**
 * A bearer token of the admin API.
 *
 * @param name   who holds it: written to the audit log instead of the token
 * @param token  the token value; {@link Secret#toString()} never shows it
 * @param scopes what it may do; never empty
 */
public record AdminToken(String name, Secret token, Set<Scope> scopes) {
    public AdminToken {
        scopes = Set.copyOf(scopes);
    }

    public boolean allows(Scope scope) {
        return scopes.contains(scope);
    }
}
