package io.lcbridge.core;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static io.lcbridge.core.TestKeys.AUDIENCE;
import static org.assertj.core.api.Assertions.assertThat;

/** Properties of the sign → verify contract over arbitrary valid identities. */
final class IdentityTokenPropertyTest {

    private static final Map<IdentityAlgorithm, IdentityKeySet> KEYS = new EnumMap<>(IdentityAlgorithm.class);
    private static final Map<IdentityAlgorithm, IdentitySigner> SIGNERS = new EnumMap<>(IdentityAlgorithm.class);
    private static final Map<IdentityAlgorithm, IdentityTokenVerifier> VERIFIERS =
            new EnumMap<>(IdentityAlgorithm.class);

    static {
        for (IdentityAlgorithm algorithm : IdentityAlgorithm.values()) {
            KEYS.put(algorithm, TestKeys.keys(algorithm));
            SIGNERS.put(
                    algorithm,
                    IdentitySigner.builder(KEYS.get(algorithm), AUDIENCE)
                            .maxTokenLength(200_000)
                            .build());
            VERIFIERS.put(algorithm, IdentityTokenVerifier.create(KEYS.get(algorithm)));
        }
    }

    @Property(tries = 400)
    void signThenVerifyReturnsTheIdenticalIdentity(
            @ForAll("identities") CustomerIdentity identity, @ForAll IdentityAlgorithm algorithm) {
        SignedIdentity signed = SIGNERS.get(algorithm).sign(identity);

        TokenVerification verification = VERIFIERS.get(algorithm).verify(signed.token(), AUDIENCE, Instant.now());

        assertThat(verification.status()).isEqualTo(TokenStatus.VERIFIED);
        CustomerIdentity back = verification.identity().orElseThrow();
        assertThat(back).isEqualTo(identity);
        assertThat(back.subject()).isEqualTo(identity.subject());
        assertThat(back.name()).isEqualTo(identity.name());
        assertThat(back.email()).isEqualTo(identity.email());
        assertThat(List.copyOf(back.sessionVariables().entrySet()))
                .containsExactlyElementsOf(
                        List.copyOf(identity.sessionVariables().entrySet()));
        assertThat(signed.token()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    }

    @Property(tries = 400)
    void aTokenChangedInOneCharacterNeverVerifies(
            @ForAll("identities") CustomerIdentity identity,
            @ForAll IdentityAlgorithm algorithm,
            @ForAll @IntRange(min = 0, max = 100_000) int where,
            @ForAll char replacement) {
        String token = SIGNERS.get(algorithm).sign(identity).token();
        int at = where % token.length();
        String changed = token.substring(0, at) + replacement + token.substring(at + 1);

        TokenVerification verification = VERIFIERS.get(algorithm).verify(changed, AUDIENCE, Instant.now());

        if (changed.equals(token)) {
            assertThat(verification.status()).isEqualTo(TokenStatus.VERIFIED);
        } else {
            assertThat(verification.status()).isNotEqualTo(TokenStatus.VERIFIED);
            assertThat(verification.identity()).isEmpty();
        }
    }

    @Property(tries = 500)
    void arbitraryTextNeverThrowsAndNeverVerifies(@ForAll("tokenLike") String text) {
        TokenVerification verification = VERIFIERS.get(IdentityAlgorithm.HS256).verify(text, AUDIENCE, Instant.now());

        assertThat(verification.status()).isNotEqualTo(TokenStatus.VERIFIED);
        assertThat(verification.reason()).isNotBlank();
    }

    // ---- generators ------------------------------------------------------------------------

    @Provide
    Arbitrary<CustomerIdentity> identities() {
        Arbitrary<String> subject = text(40).filter(s -> !s.isBlank());
        Arbitrary<String> optional = Arbitraries.oneOf(Arbitraries.just(""), text(40));
        Arbitrary<List<Tuple.Tuple2<String, String>>> vars =
                Combinators.combine(keys(), text(60)).as(Tuple::of).list().ofMaxSize(25);
        return Combinators.combine(subject, optional, optional, vars).as((sub, name, email, pairs) -> {
            CustomerIdentity.Builder builder =
                    CustomerIdentity.builder(sub).name(name).email(email);
            pairs.forEach(p -> builder.variable(p.get1(), p.get2()));
            return builder.build();
        });
    }

    /** Printable-ASCII keys, quotes and backslashes included, never the reserved token variable. */
    private static Arbitrary<String> keys() {
        return Arbitraries.oneOf(
                        Arbitraries.strings()
                                .withCharRange(' ', '~')
                                .ofMinLength(1)
                                .ofMaxLength(100),
                        Arbitraries.strings()
                                .withChars("\"\\/<>{}:,'")
                                .ofMinLength(1)
                                .ofMaxLength(5),
                        Arbitraries.of("plan", "company", "lc_identit", "vars", "sub", "__proto__"))
                .filter(k -> !k.equals(IdentityTokens.DEFAULT_TOKEN_VARIABLE));
    }

    /** Valid text: ASCII, JSON-special and script-special characters, BMP and supplementary code points. */
    private static Arbitrary<String> text(int maxCodePoints) {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0x20, 0x7e)),
                Tuple.of(
                        3,
                        Arbitraries.of(
                                (int) '"',
                                (int) '\\',
                                0x2028,
                                0x2029,
                                (int) '\t',
                                (int) '\n',
                                (int) '\r',
                                (int) '<',
                                (int) '/',
                                0xfeff,
                                0xfffd,
                                0xa0,
                                0xffff)),
                Tuple.of(2, Arbitraries.integers().between(0xa0, 0xd7ff)),
                Tuple.of(1, Arbitraries.integers().between(0xe000, 0xfffd)),
                Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10ffff)));
        return codePoint.list().ofMaxSize(maxCodePoints).map(list -> {
            StringBuilder sb = new StringBuilder();
            list.forEach(sb::appendCodePoint);
            return sb.toString();
        });
    }

    @Provide
    Arbitrary<String> tokenLike() {
        Arbitrary<String> part = Arbitraries.strings().withChars("ABCxyz019-_").ofMaxLength(60);
        Arbitrary<String> dotted = part.list().ofMinSize(1).ofMaxSize(6).map(parts -> String.join(".", parts));
        return Arbitraries.oneOf(
                dotted,
                Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings().withChars("eyJ.0-_=+/ ").ofMaxLength(120));
    }
}
