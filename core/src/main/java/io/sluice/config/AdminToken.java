package io.sluice.config;

import com.fasterxml.jackson.annotation.JsonFormat;

import static com.fasterxml.jackson.annotation.JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY;

import java.util.Set;

/**
 * A bearer token of the admin API.
 *
 * @param name   who holds it: written to the audit log instead of the token
 * @param token  the token value; {@link Secret#toString()} never shows it
 * @param scopes what it may do; never empty
 */
public record AdminToken(String name, Secret token, @JsonFormat(with = ACCEPT_SINGLE_VALUE_AS_ARRAY) Set<Scope> scopes) {
    public AdminToken {
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    }

    public boolean allows(Scope scope) {
        return scopes.contains(scope);
    }
}
