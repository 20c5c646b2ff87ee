package io.lcbridge.widget;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.SessionClaim;
import io.lcbridge.core.SignedIdentity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The token cache never hands one browser session's token to another (issue 12, finding 1). */
final class SessionKeyedTokenCacheTest {

    private static final CustomerIdentity ALICE =
            CustomerIdentity.builder("alice").name("Alice").build();
    private static final SessionClaim LAPTOP = SessionClaim.ofSessionId("session-on-the-laptop");
    private static final SessionClaim PHONE = SessionClaim.ofSessionId("session-on-the-phone");

    private final CachingIdentitySigner cache = CachingIdentitySigner.wrap(TestFixtures.signer());

    @Test
    void eachSessionOfOneIdentityGetsItsOwnTokenAndKeepsIt() {
        SignedIdentity laptop = cache.sign(ALICE, LAPTOP);
        SignedIdentity phone = cache.sign(ALICE, PHONE);

        assertThat(phone.token()).isNotEqualTo(laptop.token());
        assertThat(phone.tokenId()).isNotEqualTo(laptop.tokenId());
        assertThat(laptop.session()).contains(LAPTOP);
        assertThat(phone.session()).contains(PHONE);
        assertThat(cache.sign(ALICE, LAPTOP)).isSameAs(laptop);
        assertThat(cache.sign(ALICE, PHONE)).isSameAs(phone);
    }

    @Test
    void aSessionlessTokenIsNeitherSessionsToken() {
        SignedIdentity none = cache.sign(ALICE);

        assertThat(none.session()).isEmpty();
        assertThat(cache.sign(ALICE, LAPTOP).token()).isNotEqualTo(none.token());
        assertThat(cache.sign(ALICE, null)).isSameAs(none);
    }

    @Test
    void theRendererPutsTheSessionsTokenInTheSnippet() {
        WidgetSnippetRenderer renderer = WidgetSnippetRenderer.builder(WidgetOptions.forLicense(12345678))
                .signer(cache)
                .build();

        String laptopHtml =
                renderer.render(ALICE, LAPTOP, null).snippet().orElseThrow().html();
        String phoneHtml =
                renderer.render(ALICE, PHONE, null).snippet().orElseThrow().html();

        assertThat(laptopHtml).contains(cache.sign(ALICE, LAPTOP).token());
        assertThat(phoneHtml).contains(cache.sign(ALICE, PHONE).token());
        assertThat(laptopHtml).isNotEqualTo(phoneHtml);
    }
}
