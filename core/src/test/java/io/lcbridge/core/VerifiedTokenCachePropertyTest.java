package io.lcbridge.core;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.time.Instant;
import java.util.List;

import static io.lcbridge.core.TestKeys.AUDIENCE;
import static io.lcbridge.core.TestKeys.OTHER_AUDIENCE;
import static io.lcbridge.core.VerifiedTokenCacheTest.fields;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A verifier with the cache and one without agree on every field of every answer, for tokens of many claim shapes
 * (well formed or not, signed or changed in one character) and calls for either audience at any instants.
 */
final class VerifiedTokenCachePropertyTest {

    private static final long MINTED = Instant.parse("2026-05-10T08:00:00Z").getEpochSecond();
    private static final IdentityKeySet KEYS = TestKeys.keys(IdentityAlgorithm.HS256);
    /** Shared by all tries, and small, so later tries meet tokens cached, evicted and cached again. */
    private static final IdentityTokenVerifier CACHED =
            IdentityTokenVerifier.builder(KEYS).verifiedTokenCacheSize(64).build();

    private static final IdentityTokenVerifier UNCACHED =
            IdentityTokenVerifier.builder(KEYS).verifiedTokenCacheSize(0).build();

    @Property(tries = 2000)
    void cachedAndUncachedVerifiersAgreeOnEveryField(
            @ForAll("tokens") String token,
            @ForAll boolean ownAudience,
            @ForAll @IntRange(min = -8000, max = 8000) int aliveOffset,
            @ForAll @IntRange(min = -8000, max = 8000) int mintedOffset) {
        String audience = ownAudience ? AUDIENCE : OTHER_AUDIENCE;
        Instant aliveAt = Instant.ofEpochSecond(MINTED + aliveOffset);
        Instant mintedBy = Instant.ofEpochSecond(MINTED + mintedOffset);

        List<Object> expected = fields(UNCACHED.verify(token, audience, aliveAt, mintedBy));

        assertThat(fields(CACHED.verify(token, audience, aliveAt, mintedBy))).isEqualTo(expected);
        assertThat(fields(CACHED.verify(token, audience, aliveAt, mintedBy))).isEqualTo(expected);
    }

    @Provide
    Arbitrary<String> tokens() {
        Arbitrary<String> signed = claims().map(c -> TokenForge.signProperly(TestKeys.HS, IdentityAlgorithm.HS256, c));
        Arbitrary<String> changed = Combinators.combine(
                        signed,
                        Arbitraries.integers().between(0, 10_000),
                        Arbitraries.of('A', 'b', '0', '-', '_', '.', '='))
                .as((token, where, c) -> {
                    int at = where % token.length();
                    return token.substring(0, at) + c + token.substring(at + 1);
                });
        // a small pool of subjects and times, so that the same token comes back across tries
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, signed), net.jqwik.api.Tuple.of(2, changed));
    }

    private static Arbitrary<String> claims() {
        Arbitrary<String> sub = Arbitraries.of("\"sub\":\"user-1\"", "\"sub\":\"user-2\"", "\"sub\":3", "");
        Arbitrary<String> aud = Arbitraries.of(
                "\"aud\":\"" + AUDIENCE + "\"",
                "\"aud\":\"" + OTHER_AUDIENCE + "\"",
                "\"aud\":[\"" + OTHER_AUDIENCE + "\",7,\"" + AUDIENCE + "\"]",
                "\"aud\":[7,null]",
                "\"aud\":[]",
                "\"aud\":12",
                "");
        Arbitrary<String> iat = Arbitraries.of(-3600, -60, 0, 1, 600).map(d -> "\"iat\":" + (MINTED + d));
        Arbitrary<String> exp = Arbitraries.of(-600, 0, 3600, 7200).map(d -> "\"exp\":" + (MINTED + d));
        Arbitrary<String> optional = Arbitraries.of(
                "",
                "\"iss\":\"lcbridge\"",
                "\"iss\":5",
                "\"jti\":\"abc_DEF-123\"",
                "\"jti\":\"a.b\"",
                "\"sid\":\"AAAAAAAAAAAAAAAAAAAAAA\"",
                "\"sid\":\"short\"",
                "\"name\":\"N\",\"email\":\"e@example.com\"",
                "\"vars\":{\"plan\":\"pro\",\"seat\":\"2\"}",
                "\"vars\":{\"n\":1}",
                "\"iat\":\"later\"");
        return Combinators.combine(sub, aud, iat, exp, optional, optional).as((s, a, i, e, o1, o2) -> {
            StringBuilder json = new StringBuilder("{");
            for (String member : new String[] {s, a, i, e, o1, o2}) {
                if (!member.isEmpty()) {
                    json.append(json.length() > 1 ? "," : "").append(member);
                }
            }
            return json.append('}').toString();
        });
    }
}
