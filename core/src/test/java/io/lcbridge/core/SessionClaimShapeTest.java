package io.lcbridge.core;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A session claim is exactly 22 base64url characters, and one session id gives one claim on every thread. */
final class SessionClaimShapeTest {

    @Test
    void acceptsOnlyTwentyTwoBase64urlCharacters() {
        assertThat(new SessionClaim("AZaz09-_AZaz09-_AZaz09").value()).hasSize(22);
        for (String bad : new String[] {
            "",
            "AZaz09-_AZaz09-_AZaz0",
            "AZaz09-_AZaz09-_AZaz09a",
            "AZaz09-_AZaz09-_AZaz0+",
            "AZaz09-_AZaz09-_AZaz0=",
            "AZaz09-_AZaz09-_AZaz0\u00e9",
            "AZaz09-_AZaz09-_AZaz0 "
        }) {
            assertThatThrownBy(() -> new SessionClaim(bad)).as("%s", bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void oneSessionIdGivesOneClaimOnEveryThread() throws Exception {
        SessionClaim here = SessionClaim.ofSessionId("node0abc123");
        SessionClaim there = CompletableFuture.supplyAsync(() -> SessionClaim.ofSessionId("node0abc123"))
                .get();
        SessionClaim other = SessionClaim.ofSessionId("node0abc124");

        assertThat(there).isEqualTo(here);
        assertThat(other).isNotEqualTo(here);
        assertThat(SessionClaim.ofSessionId("node0abc123")).isEqualTo(here);
    }
}
