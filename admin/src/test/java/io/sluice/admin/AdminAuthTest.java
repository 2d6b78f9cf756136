package io.sluice.admin;

import io.sluice.config.AdminToken;
import io.sluice.config.Scope;
import io.sluice.config.Secret;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AdminAuthTest {
    final AdminAuth auth = new AdminAuth(List.of(
            new AdminToken("a", new Secret("token-a"), Set.of(Scope.READ)),
            new AdminToken("b", new Secret("token-b"), Set.of(Scope.REPLAY))));

    @Test
    void eachTokenMapsToItsOwnName() {
        assertThat(auth.authenticate("token-a").orElseThrow().name()).isEqualTo("a");
        assertThat(auth.authenticate("token-b").orElseThrow().name()).isEqualTo("b");
    }

    @Test
    void unknownTokenIsNobody() {
        assertThat(auth.authenticate("token-c")).isEmpty();
        assertThat(auth.authenticate("")).isEmpty();
        assertThat(auth.authenticate(null)).isEmpty();
    }

    @Test
    void noTokensMeansOff() {
        assertThat(new AdminAuth(List.of()).enabled()).isFalse();
        assertThat(auth.enabled()).isTrue();
    }

    @Test
    void bearerHeaderIsParsedCaseInsensitively() {
        assertThat(AdminAuth.bearer("Bearer abc")).isEqualTo("abc");
        assertThat(AdminAuth.bearer("bearer abc")).isEqualTo("abc");
        assertThat(AdminAuth.bearer("Basic abc")).isNull();
        assertThat(AdminAuth.bearer("Bearer")).isNull();
        assertThat(AdminAuth.bearer(null)).isNull();
    }
}
