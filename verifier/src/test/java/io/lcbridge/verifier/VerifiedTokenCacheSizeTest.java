package io.lcbridge.verifier;

import io.lcbridge.core.IdentityTokenVerifier;
import io.lcbridge.core.TokenStatus;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import static io.lcbridge.verifier.Fixtures.ANDERSON;
import static io.lcbridge.verifier.Fixtures.AUDIENCE;
import static io.lcbridge.verifier.Fixtures.KEYS;
import static io.lcbridge.verifier.Fixtures.RECEIVED;
import static io.lcbridge.verifier.Fixtures.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link LiveChatWebhooks.Builder#verifiedTokenCacheSize}: the identity verifier's cache, set on the webhook side. */
final class VerifiedTokenCacheSizeTest {

    /** Webhooks with a verifier remembering {@code size} tokens, a fresh memory store, every event to {@code recorder}. */
    private static LiveChatWebhooks recording(int size, Recorder recorder) {
        return base().verifiedTokenCacheSize(size)
                .store(InMemoryChatContextStore.builder().build())
                .handlerForAll(recorder)
                .build();
    }

    private static LiveChatWebhooks.Builder base() {
        return LiveChatWebhooks.builder()
                .authenticator(WebhookAuthenticator.secretKey(SECRET))
                .identityKeys(KEYS)
                .audience(AUDIENCE);
    }

    @Test
    void withoutTheSettingTheVerifierMadeFromTheKeysHasTheDefaultSize() {
        assertThat(base().build().verifiedTokenCacheSize())
                .isEqualTo(IdentityTokenVerifier.DEFAULT_VERIFIED_TOKEN_CACHE_SIZE)
                .isEqualTo(1024);
    }

    @Test
    void theSizeSetOnTheBuilderReachesTheVerifierMadeFromTheKeys() {
        assertThat(base().verifiedTokenCacheSize(0).build().verifiedTokenCacheSize())
                .isZero();
        assertThat(base().verifiedTokenCacheSize(5000).build().verifiedTokenCacheSize())
                .isEqualTo(5000);
        assertThat(base().verifiedTokenCacheSize(1 << 20).build().verifiedTokenCacheSize())
                .isEqualTo(IdentityTokenVerifier.MAX_VERIFIED_TOKEN_CACHE_SIZE);
    }

    @Test
    void theSizeAppliesToKeysGivenAfterAnIdentityVerifierWhichTheyReplace() {
        LiveChatWebhooks webhooks = base().identityVerifier(IdentityTokenVerifier.create(KEYS))
                .identityKeys(KEYS)
                .verifiedTokenCacheSize(64)
                .build();

        assertThat(webhooks.verifiedTokenCacheSize()).isEqualTo(64);
    }

    @Test
    void aSizeOutsideZeroTo2Pow20IsRefusedAtOnceNamingTheSetting() {
        for (int refused : new int[] {-1, Integer.MIN_VALUE, (1 << 20) + 1, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> LiveChatWebhooks.builder().verifiedTokenCacheSize(refused))
                    .as("%d", refused)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("verifiedTokenCacheSize")
                    .hasMessageContaining("between 0 and 1048576")
                    .hasMessageEndingWith(": " + refused);
        }
    }

    @Test
    void aVerifierOfTheAppsOwnKeepsItsOwnSize() {
        IdentityTokenVerifier own =
                IdentityTokenVerifier.builder(KEYS).verifiedTokenCacheSize(7).build();

        assertThat(base().identityVerifier(own).build().verifiedTokenCacheSize())
                .isEqualTo(7);
    }

    @Test
    void aSizeTogetherWithAVerifierOfTheAppsOwnIsRefusedAtBuildNamingBothSettings() {
        IdentityTokenVerifier own = IdentityTokenVerifier.create(KEYS);

        assertThatThrownBy(() ->
                        base().verifiedTokenCacheSize(10).identityVerifier(own).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("verifiedTokenCacheSize")
                .hasMessageContaining("identityVerifier");
        assertThatThrownBy(() -> base().identityVerifier(own)
                        .verifiedTokenCacheSize(IdentityTokenVerifier.DEFAULT_VERIFIED_TOKEN_CACHE_SIZE)
                        .build())
                .as("set explicitly, even to the default")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("verifiedTokenCacheSize")
                .hasMessageContaining("identityVerifier");
    }

    @Test
    void oneTokenInTwoChatsVerifiesAlikeWithTheCacheOnAndOff() {
        for (int size : new int[] {0, IdentityTokenVerifier.DEFAULT_VERIFIED_TOKEN_CACHE_SIZE}) {
            Recorder recorder = new Recorder();
            LiveChatWebhooks webhooks = recording(size, recorder);
            String token = Fixtures.token(ANDERSON);
            byte[] first = Fixtures.bytes(Fixtures.withToken("incoming_chat.v3.6.json", token));
            ObjectNode second =
                    (ObjectNode) Envelope.MAPPER.readTree(Fixtures.withToken("incoming_chat.v3.6.json", token));
            ((ObjectNode) second.get("payload").get("chat").get("thread")).put("id", "NEXTTHREAD");

            webhooks.process(first, WebhookHeaders.none(), RECEIVED);
            webhooks.process(Fixtures.bytes(second.toString()), WebhookHeaders.none(), RECEIVED.plusSeconds(30));

            assertThat(recorder.events).as("size %d", size).hasSize(2).allSatisfy(event -> {
                assertThat(event.customer().orElseThrow().status()).isEqualTo(TokenStatus.VERIFIED);
                assertThat(event.customer().orElseThrow().identity()).contains(ANDERSON);
            });
        }
    }

    /**
     * Whatever the size, the cache only spares the signature check: a remembered token replayed by another LiveChat
     * customer is still foreign (the binding is checked on every delivery), and a copy with one character changed is
     * still forged.
     */
    @Test
    void aRememberedTokenReplayedByAnotherCustomerOrAlteredIsRefusedWithTheCacheOnAndOff() {
        String alice = "b7eff798-f8df-4364-8059-649c35c9ed0c";
        String mallory = "0a5b3c1d-6e7f-4a8b-9c0d-1e2f3a4b5c6d";
        for (int size : new int[] {0, IdentityTokenVerifier.DEFAULT_VERIFIED_TOKEN_CACHE_SIZE}) {
            Recorder recorder = new Recorder();
            LiveChatWebhooks webhooks = recording(size, recorder);
            String token = Fixtures.token(ANDERSON);
            int at = token.lastIndexOf('.') + 5; // inside the signature, clear of its last char's padding bits
            String altered = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);

            webhooks.process(
                    Fixtures.bytes(Fixtures.withToken("incoming_chat.v3.6.json", token)),
                    WebhookHeaders.none(),
                    RECEIVED);
            webhooks.process(
                    Fixtures.bytes(Fixtures.withToken("incoming_chat.v3.6.json", token)
                            .replace("PJ0MRSHTDG", "MALLORY001")
                            .replace("K600PKZON8", "MTHREAD001")
                            .replace(alice, mallory)),
                    WebhookHeaders.none(),
                    RECEIVED.plusSeconds(10));
            webhooks.process(
                    Fixtures.bytes(Fixtures.withToken("incoming_chat.v3.6.json", altered)
                            .replace("PJ0MRSHTDG", "ALTERED001")
                            .replace("K600PKZON8", "ATHREAD001")),
                    WebhookHeaders.none(),
                    RECEIVED.plusSeconds(20));

            assertThat(recorder.events).as("size %d", size).hasSize(3);
            assertThat(recorder.events.get(0).customer().orElseThrow().status()).isEqualTo(TokenStatus.VERIFIED);
            assertThat(recorder.events.get(1).customer().orElseThrow().status())
                    .as("replayed by another customer, size %d", size)
                    .isEqualTo(TokenStatus.FOREIGN_CUSTOMER);
            assertThat(recorder.events.get(2).customer().orElseThrow().status())
                    .as("one character changed, size %d", size)
                    .isEqualTo(TokenStatus.INVALID_SIGNATURE);
            assertThat(recorder.events.get(2).customer().orElseThrow().identity())
                    .isEmpty();
        }
    }
}
