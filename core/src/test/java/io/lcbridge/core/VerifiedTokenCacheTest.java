package io.lcbridge.core;

import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.lcbridge.core.TestKeys.AUDIENCE;
import static io.lcbridge.core.TestKeys.OTHER_AUDIENCE;
import static io.lcbridge.core.TokenForge.header;
import static io.lcbridge.core.TokenForge.hs256;
import static io.lcbridge.core.TokenForge.signProperly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The verified-token cache of {@link IdentityTokenVerifier}: a repeated verification answers exactly what the full
 * path answers, with the audience and time checks run again on every call, and nothing but verified, well-formed
 * tokens ever goes in.
 */
final class VerifiedTokenCacheTest {

    private static final Instant MINTED = Instant.parse("2026-05-10T08:00:00Z");
    private static final Duration LIFETIME = Duration.ofHours(1);
    private static final Instant EXPIRES = MINTED.plus(LIFETIME);
    private static final Duration SKEW = IdentityTokenVerifier.DEFAULT_CLOCK_SKEW;
    private static final CustomerIdentity IDENTITY = CustomerIdentity.builder("user-7")
            .email("u7@example.com")
            .variable("plan", "pro")
            .build();

    private static final IdentityKeySet KEYS = TestKeys.keys(IdentityAlgorithm.HS256);
    private static final String TOKEN = mint(IDENTITY);

    private static String mint(CustomerIdentity identity) {
        return signer().sign(identity).token();
    }

    private static IdentitySigner signer() {
        return IdentitySigner.builder(KEYS, AUDIENCE)
                .clock(Clock.fixed(MINTED, ZoneOffset.UTC))
                .lifetime(LIFETIME)
                .maxTokenLength(200_000)
                .build();
    }

    private static IdentityTokenVerifier cached() {
        return IdentityTokenVerifier.create(KEYS);
    }

    private static IdentityTokenVerifier uncached() {
        return IdentityTokenVerifier.builder(KEYS).verifiedTokenCacheSize(0).build();
    }

    private static VerifiedTokenCache cacheOf(IdentityTokenVerifier verifier) {
        VerifiedTokenCache cache = verifier.verifiedTokenCache();
        assertThat(cache).isNotNull();
        return cache;
    }

    /** Every observable field of a verification, for comparing two of them. */
    static List<Object> fields(TokenVerification v) {
        return Arrays.asList(
                v.status(),
                v.reason(),
                v.keyId(),
                v.issuedAt(),
                v.expiresAt(),
                v.identity(),
                v.tokenId(),
                v.session(),
                v.issuer(),
                v.isVerified());
    }

    // ---- hits answer as the full path ------------------------------------------------------

    @Test
    void aSecondVerificationIsServedFromTheCacheAndEqualsTheFirst() {
        IdentityTokenVerifier verifier = cached();
        VerifiedTokenCache cache = cacheOf(verifier);

        TokenVerification first = verifier.verify(TOKEN, AUDIENCE, MINTED);
        TokenVerification second = verifier.verify(TOKEN, AUDIENCE, MINTED);

        assertThat(first.status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(fields(second)).isEqualTo(fields(first));
        assertThat(fields(second)).isEqualTo(fields(uncached().verify(TOKEN, AUDIENCE, MINTED)));
        assertThat(second.identity()).contains(IDENTITY);
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void aCachedTokenPresentedForAnotherAudienceIsWrongAudience() {
        IdentityTokenVerifier verifier = cached();
        verifier.verify(TOKEN, AUDIENCE, MINTED);

        TokenVerification result = verifier.verify(TOKEN, OTHER_AUDIENCE, MINTED);

        assertThat(result.status()).isEqualTo(TokenStatus.WRONG_AUDIENCE);
        assertThat(result.identity()).isEmpty();
        assertThat(fields(result)).isEqualTo(fields(uncached().verify(TOKEN, OTHER_AUDIENCE, MINTED)));
        assertThat(cacheOf(verifier).hits()).isEqualTo(1);
    }

    @Test
    void aCachedTokenPastExpiryPlusSkewIsExpired() {
        IdentityTokenVerifier verifier = cached();
        verifier.verify(TOKEN, AUDIENCE, MINTED);
        Instant late = EXPIRES.plus(SKEW).plusSeconds(1);

        TokenVerification result = verifier.verify(TOKEN, AUDIENCE, late, late);

        assertThat(result.status()).isEqualTo(TokenStatus.EXPIRED);
        assertThat(fields(result)).isEqualTo(fields(uncached().verify(TOKEN, AUDIENCE, late, late)));
        // the boundary itself still passes, from the cache as without it
        Instant boundary = EXPIRES.plus(SKEW);
        assertThat(verifier.verify(TOKEN, AUDIENCE, boundary, boundary).status())
                .isEqualTo(TokenStatus.VERIFIED);
        assertThat(cacheOf(verifier).hits()).isEqualTo(2);
    }

    @Test
    void aCachedTokenReceivedBeforeItsIssueTimeMinusSkewIsNotYetValid() {
        IdentityTokenVerifier verifier = cached();
        verifier.verify(TOKEN, AUDIENCE, MINTED);
        Instant early = MINTED.minus(SKEW).minusSeconds(1);

        TokenVerification result = verifier.verify(TOKEN, AUDIENCE, MINTED, early);

        assertThat(result.status()).isEqualTo(TokenStatus.NOT_YET_VALID);
        assertThat(fields(result)).isEqualTo(fields(uncached().verify(TOKEN, AUDIENCE, MINTED, early)));
        assertThat(cacheOf(verifier).hits()).isEqualTo(1);
    }

    @Test
    void aTokenFirstSeenForAnotherAudienceIsCachedAndLaterVerifiesForItsOwn() {
        IdentityTokenVerifier verifier = cached();

        assertThat(verifier.verify(TOKEN, OTHER_AUDIENCE, MINTED).status()).isEqualTo(TokenStatus.WRONG_AUDIENCE);
        TokenVerification own = verifier.verify(TOKEN, AUDIENCE, MINTED);

        assertThat(own.status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(fields(own)).isEqualTo(fields(uncached().verify(TOKEN, AUDIENCE, MINTED)));
        assertThat(cacheOf(verifier).hits()).isEqualTo(1);
    }

    // ---- nothing but verified tokens -------------------------------------------------------

    @Test
    void aTokenDifferingInOneCharacterFromACachedOneIsNeverServedFromTheCache() {
        IdentityTokenVerifier verifier = cached();
        VerifiedTokenCache cache = cacheOf(verifier);
        verifier.verify(TOKEN, AUDIENCE, MINTED);
        int signatureStart = TOKEN.lastIndexOf('.') + 1;

        for (int at = signatureStart; at < TOKEN.length(); at++) {
            char other = TOKEN.charAt(at) == 'A' ? 'B' : 'A';
            String changed = TOKEN.substring(0, at) + other + TOKEN.substring(at + 1);

            TokenVerification result = verifier.verify(changed, AUDIENCE, MINTED);

            assertThat(result.status()).as("signature character %d", at).isEqualTo(TokenStatus.INVALID_SIGNATURE);
            assertThat(result.identity()).isEmpty();
        }
        String payloadChanged = TOKEN.substring(0, TOKEN.indexOf('.') + 3)
                + (TOKEN.charAt(TOKEN.indexOf('.') + 3) == 'A' ? 'B' : 'A')
                + TOKEN.substring(TOKEN.indexOf('.') + 4);
        assertThat(verifier.verify(payloadChanged, AUDIENCE, MINTED).status()).isNotEqualTo(TokenStatus.VERIFIED);
        assertThat(verifier.verify(TOKEN + "A", AUDIENCE, MINTED).status()).isNotEqualTo(TokenStatus.VERIFIED);
        assertThat(verifier.verify(TOKEN.substring(0, TOKEN.length() - 1), AUDIENCE, MINTED)
                        .status())
                .isNotEqualTo(TokenStatus.VERIFIED);
        assertThat(cache.hits()).isZero();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void forgedTokensAreNeverCachedAndAFloodOfThemDoesNotEvictAGoodEntry() throws Exception {
        IdentityTokenVerifier verifier =
                IdentityTokenVerifier.builder(KEYS).verifiedTokenCacheSize(2).build();
        VerifiedTokenCache cache = cacheOf(verifier);
        assertThat(cache.capacity()).isEqualTo(2);
        verifier.verify(TOKEN, AUDIENCE, MINTED);
        OctetSequenceKey attacker =
                new OctetSequenceKeyGenerator(256).keyID("hs-1").generate();
        long now = MINTED.getEpochSecond();
        String forged =
                hs256(attacker.toByteArray(), header("HS256", "hs-1"), TokenForge.claims("admin", now, now + 3600));

        assertThat(verifier.verify(forged, AUDIENCE, MINTED).status()).isEqualTo(TokenStatus.INVALID_SIGNATURE);
        assertThat(verifier.verify(forged, AUDIENCE, MINTED).status()).isEqualTo(TokenStatus.INVALID_SIGNATURE);
        for (int i = 0; i < 500; i++) {
            String flood = hs256(
                    attacker.toByteArray(), header("HS256", "hs-1"), TokenForge.claims("admin-" + i, now, now + 3600));
            assertThat(verifier.verify(flood, AUDIENCE, MINTED).status()).isEqualTo(TokenStatus.INVALID_SIGNATURE);
        }

        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.get(forged)).isNull();
        assertThat(verifier.verify(TOKEN, AUDIENCE, MINTED).status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(cache.hits()).isEqualTo(1);
    }

    @Test
    void signedTokensWithMalformedClaimsAreNotCachedAndStillFailAlike() {
        IdentityTokenVerifier verifier = cached();
        VerifiedTokenCache cache = cacheOf(verifier);
        long now = MINTED.getEpochSecond();
        String base = "{\"sub\":\"u\",\"aud\":\"" + AUDIENCE + "\",\"iat\":" + now + ",\"exp\":" + (now + 3600);
        List<String> malformed = List.of(
                base + ",\"sid\":\"short\"}",
                base + ",\"sid\":7}",
                base + ",\"jti\":\"a.b\"}",
                base + ",\"jti\":12}",
                base + ",\"vars\":{\"n\":1}}",
                "{\"sub\":\"u\",\"aud\":\"" + AUDIENCE + "\",\"iat\":\"yesterday\",\"exp\":" + now + "}",
                "[1,2]",
                "null");

        for (String claims : malformed) {
            String token = signProperly(TestKeys.HS, IdentityAlgorithm.HS256, claims);
            TokenVerification first = verifier.verify(token, AUDIENCE, MINTED);
            TokenVerification second = verifier.verify(token, AUDIENCE, MINTED);

            assertThat(first.status()).as(claims).isEqualTo(TokenStatus.MALFORMED);
            assertThat(fields(second)).as(claims).isEqualTo(fields(first));
            assertThat(fields(first)).as(claims).isEqualTo(fields(uncached().verify(token, AUDIENCE, MINTED)));
            // the shape failures found after the per-use checks keep their place behind them
            assertThat(fields(verifier.verify(token, OTHER_AUDIENCE, MINTED)))
                    .as(claims)
                    .isEqualTo(fields(uncached().verify(token, OTHER_AUDIENCE, MINTED)));
        }
        assertThat(cache.size()).isZero();
        assertThat(cache.hits()).isZero();
    }

    @Test
    void tokensLongerThan4096CharactersVerifyButAreNotCached() {
        IdentityTokenVerifier verifier = cached();
        VerifiedTokenCache cache = cacheOf(verifier);
        CustomerIdentity big = CustomerIdentity.builder("user-big")
                .variable("notes", "x".repeat(2500))
                .variable("more", "y".repeat(2500))
                .build();
        String token = mint(big);
        assertThat(token.length()).isGreaterThan(VerifiedTokenCache.MAX_TOKEN_LENGTH);

        TokenVerification first = verifier.verify(token, AUDIENCE, MINTED);
        TokenVerification second = verifier.verify(token, AUDIENCE, MINTED);

        assertThat(first.status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(first.identity()).contains(big);
        assertThat(fields(second)).isEqualTo(fields(first));
        assertThat(cache.size()).isZero();
        assertThat(cache.hits()).isZero();
    }

    @Test
    void aFullSetReplacesItsOlderEntry() {
        IdentityTokenVerifier verifier =
                IdentityTokenVerifier.builder(KEYS).verifiedTokenCacheSize(2).build();
        VerifiedTokenCache cache = cacheOf(verifier);
        String a = mint(CustomerIdentity.builder("a").build());
        String b = mint(CustomerIdentity.builder("b").build());
        String c = mint(CustomerIdentity.builder("c").build());

        verifier.verify(a, AUDIENCE, MINTED);
        verifier.verify(b, AUDIENCE, MINTED);
        verifier.verify(c, AUDIENCE, MINTED);

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(a)).isNull();
        assertThat(cache.get(b)).isNotNull();
        assertThat(cache.get(c)).isNotNull();
        assertThat(verifier.verify(a, AUDIENCE, MINTED).identity().orElseThrow().subject())
                .isEqualTo("a");
    }

    // ---- settings ----------------------------------------------------------------------------

    @Test
    void cacheSizeZeroTurnsTheCacheOffAndAnswersAsBefore() {
        IdentityTokenVerifier off = uncached();

        assertThat(off.verifiedTokenCache()).isNull();
        TokenVerification first = off.verify(TOKEN, AUDIENCE, MINTED);
        TokenVerification second = off.verify(TOKEN, AUDIENCE, MINTED);
        assertThat(first.status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(fields(second)).isEqualTo(fields(first));
        assertThat(off.verify(TOKEN, OTHER_AUDIENCE, MINTED).status()).isEqualTo(TokenStatus.WRONG_AUDIENCE);
        assertThat(off.verify(null, AUDIENCE, MINTED).status()).isEqualTo(TokenStatus.NO_TOKEN);
    }

    @Test
    void theDefaultCacheHoldsAtLeast1024Tokens() {
        assertThat(cacheOf(cached()).capacity()).isEqualTo(1024);
        assertThat(cacheOf(IdentityTokenVerifier.builder(KEYS)
                                .verifiedTokenCacheSize(1000)
                                .build())
                        .capacity())
                .isEqualTo(1024);
        assertThat(cacheOf(IdentityTokenVerifier.builder(KEYS)
                                .verifiedTokenCacheSize(1)
                                .build())
                        .capacity())
                .isEqualTo(2);
    }

    @Test
    void theBuilderRefusesANegativeOrTooLargeCacheSizeNamingTheSetting() {
        for (int refused : new int[] {-1, Integer.MIN_VALUE, (1 << 20) + 1, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> IdentityTokenVerifier.builder(KEYS).verifiedTokenCacheSize(refused))
                    .as("%d", refused)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("verifiedTokenCacheSize");
        }
        assertThat(cacheOf(IdentityTokenVerifier.builder(KEYS)
                                .verifiedTokenCacheSize(1 << 20)
                                .build())
                        .capacity())
                .isEqualTo(1 << 20);
    }

    @Test
    void theVerifierReportsTheCacheSizeAsSetAndZeroWhenTheCacheIsOff() {
        assertThat(cached().verifiedTokenCacheSize())
                .isEqualTo(IdentityTokenVerifier.DEFAULT_VERIFIED_TOKEN_CACHE_SIZE)
                .isEqualTo(1024);
        assertThat(uncached().verifiedTokenCacheSize()).isZero();
        IdentityTokenVerifier thousand =
                IdentityTokenVerifier.builder(KEYS).verifiedTokenCacheSize(1000).build();
        assertThat(thousand.verifiedTokenCacheSize()).isEqualTo(1000);
        assertThat(cacheOf(thousand).capacity()).isGreaterThanOrEqualTo(1000);
        assertThat(IdentityTokenVerifier.MAX_VERIFIED_TOKEN_CACHE_SIZE).isEqualTo(1 << 20);
    }

    // ---- threads -----------------------------------------------------------------------------

    @Test
    void concurrentVerificationsFromSeveralThreadsAnswerCorrectly() throws Exception {
        // a small cache, so that threads hit, miss and replace entries of the same sets at once
        IdentityTokenVerifier verifier =
                IdentityTokenVerifier.builder(KEYS).verifiedTokenCacheSize(4).build();
        IdentityTokenVerifier reference = uncached();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tokens.add(mint(CustomerIdentity.builder("user-" + i)
                    .variable("n", Integer.toString(i))
                    .build()));
        }
        String[] audiences = {AUDIENCE, OTHER_AUDIENCE};
        Instant[] instants = {
            MINTED, EXPIRES.plus(SKEW).plusSeconds(1), MINTED.minus(SKEW).minusSeconds(1)
        };
        List<Object>[][][] expected = expectedTable(reference, tokens, audiences, instants);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = t;
                done.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    start.await();
                    for (int n = 0; n < 3000; n++) {
                        int i = random.nextInt(tokens.size());
                        int a = random.nextInt(audiences.length);
                        int at = random.nextInt(instants.length);
                        TokenVerification result =
                                verifier.verify(tokens.get(i), audiences[a], instants[at], instants[at]);
                        if (!fields(result).equals(expected[i][a][at])) {
                            wrong.add(i + "/" + a + "/" + at + ": " + fields(result));
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(wrong).isEmpty();
        assertThat(cacheOf(verifier).hits()).isPositive();
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // generic array creation for a small lookup table
    private static List<Object>[][][] expectedTable(
            IdentityTokenVerifier reference, List<String> tokens, String[] audiences, Instant[] instants) {
        List<Object>[][][] table = new List[tokens.size()][audiences.length][instants.length];
        for (int i = 0; i < tokens.size(); i++) {
            for (int a = 0; a < audiences.length; a++) {
                for (int at = 0; at < instants.length; at++) {
                    table[i][a][at] = fields(reference.verify(tokens.get(i), audiences[a], instants[at], instants[at]));
                }
            }
        }
        return table;
    }

    // ---- the table itself --------------------------------------------------------------------

    /** SipHash-2-4 of the bytes 00 01 02 .. (n-1) under the key 00 01 .. 0f, from the reference implementation. */
    private static final long[] SIPHASH_VECTORS = {
        0x726fdb47dd0e0e31L, 0x74f839c593dc67fdL, 0x0d6c8009d9a94f5aL, 0x85676696d7fb7e2dL,
        0xcf2794e0277187b7L, 0x18765564cd99a68dL, 0xcbc9466e58fee3ceL, 0xab0200f58b01d137L,
        0x93f5f5799a932462L, 0x9e0082df0ba9e4b0L, 0x7a5dbbc594ddb9f3L, 0xf4b32f46226bada7L,
        0x751e8fbc860ee5fbL, 0x14ea5627c0843d90L, 0xf723ca908e7af2eeL, 0xa129ca6149be45e5L,
        0x3f2acc7f57c29bdbL, 0x699ae9f52cbe4794L, 0x4bc1b3f0968dd39cL, 0xbb6dc91da77961bdL,
        0xbed65cf21aa2ee98L, 0xd0f2cbb02e3b67c7L, 0x93536795e3a33e88L, 0xa80c038ccd5ccec8L,
        0xb8ad50c6f649af94L, 0xbce192de8a85b8eaL, 0x17d835b85bbb15f3L, 0x2f2e6163076bcfadL,
        0xde4daaaca71dc9a5L, 0xa6a2506687956571L, 0xad87a3535c49ef28L, 0x32d892fad841c342L,
        0x7127512f72f27cceL, 0xa7f32346f95978e3L, 0x12e0b01abb051238L, 0x15e034d40fa197aeL,
        0x314dffbe0815a3b4L, 0x027990f029623981L, 0xcadcd4e59ef40c4dL, 0x9abfd8766a33735cL,
        0x0e3ea96b5304a7d0L, 0xad0c42d6fc585992L, 0x187306c89bc215a9L, 0xd4a60abcf3792b95L,
        0xf935451de4f21df2L, 0xa9538f0419755787L, 0xdb9acddff56ca510L, 0xd06c98cd5c0975ebL,
        0xe612a3cb9ecba951L, 0xc766e62cfcadaf96L, 0xee64435a9752fe72L, 0xa192d576b245165aL,
        0x0a8787bf8ecb74b2L, 0x81b3e73d20b49b6fL, 0x7fa8220ba3b2eceaL, 0x245731c13ca42499L,
        0xb78dbfaf3a8d83bdL, 0xea1ad565322a1a0bL, 0x60e61c23a3795013L, 0x6606d7e446282b93L,
        0x6ca4ecb15c5f91e1L, 0x9f626da15c9625f3L, 0xe51b38608ef25f57L, 0x958a324ceb064572L,
    };

    @Test
    void theSlotHashIsSipHash24OverTheUtf16LittleEndianBytesOfTheToken() {
        long k0 = 0x0706050403020100L;
        long k1 = 0x0f0e0d0c0b0a0908L;
        for (int chars = 0; chars < 32; chars++) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < chars; i++) {
                s.append((char) (2 * i | (2 * i + 1) << 8)); // bytes 2i, 2i+1 in UTF-16LE
            }
            assertThat(VerifiedTokenCache.sipHash24(k0, k1, s.toString()))
                    .as("%d bytes", 2 * chars)
                    .isEqualTo(SIPHASH_VECTORS[2 * chars]);
        }
    }

    @Test
    void eachCacheDrawsItsOwnHashKey() {
        SecureRandom random = new SecureRandom();
        VerifiedTokenCache one = new VerifiedTokenCache(1 << 16, random);
        VerifiedTokenCache two = new VerifiedTokenCache(1 << 16, random);
        KeyEntry key = KEYS.entries().iterator().next();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            tokens.add(mint(CustomerIdentity.builder("spread-" + i).build()));
        }
        IdentityTokenVerifier.ClaimFacts facts = cacheOf(seeded(tokens.get(0))).get(tokens.get(0)).facts;
        for (String token : tokens) {
            one.put(token, key, facts);
            two.put(token, key, facts);
        }
        // 64 tokens in 32768 sets: with independent keys nearly all land in different places in the two tables
        int samePlace = 0;
        for (int slot = 0; slot < one.capacity(); slot++) {
            if (one.slotHolds(slot) && two.slotHolds(slot)) {
                samePlace++;
            }
        }
        assertThat(samePlace).isLessThan(8);
        assertThat(one.size()).isEqualTo(64);
        assertThat(two.size()).isEqualTo(64);
    }

    private static IdentityTokenVerifier seeded(String token) {
        IdentityTokenVerifier verifier = cached();
        verifier.verify(token, AUDIENCE, MINTED);
        return verifier;
    }

    @Test
    void tokensAreComparedWhole() {
        assertThat(VerifiedTokenCache.sameToken("abc.def.ghi", "abc.def.ghi")).isTrue();
        assertThat(VerifiedTokenCache.sameToken("", "")).isTrue();
        assertThat(VerifiedTokenCache.sameToken("abc.def.ghi", "abc.def.ghj")).isFalse();
        assertThat(VerifiedTokenCache.sameToken("abc.def.ghi", "xbc.def.ghi")).isFalse();
        assertThat(VerifiedTokenCache.sameToken("abc.def.ghi", "abc.def.gh")).isFalse();
        assertThat(VerifiedTokenCache.sameToken("abc", "abc.def")).isFalse();
        assertThat(VerifiedTokenCache.sameToken("a\u0100", "a\u0000")).isFalse(); // high byte differs only
    }
}
