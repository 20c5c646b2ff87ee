package io.lcbridge.core;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

import static io.lcbridge.core.TestKeys.ED;
import static io.lcbridge.core.TestKeys.HS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tink is an optional dependency of core: without it HS256 keys load and Ed25519 keys are refused
 * with a message naming the dependency to add, not with a {@link NoClassDefFoundError} later.
 */
final class TinkOptionalTest {

    private static final String TINK = "com.google.crypto.tink:tink";

    @Test
    void anEd25519KeyIsRefusedNamingTheTinkDependencyWhenTinkClassesAreAbsent() {
        assertThatThrownBy(() -> Ed25519Support.require("ed-1", name -> !name.startsWith("com.google.crypto.tink.")))
                .isInstanceOf(InvalidKeyConfigurationException.class)
                .hasMessageContaining("kid 'ed-1'")
                .hasMessageContaining(TINK);
    }

    @Test
    void theCheckLooksForTheClassesNimbusUsesForEd25519() {
        assertThat(Ed25519Support.TINK_CLASSES)
                .allSatisfy(name -> assertThat(Class.forName(name)).isNotNull());
        Ed25519Support.require("ed-1");
    }

    @Test
    void onAClasspathOfCoreAndNimbusOnlyHs256LoadsAndAnEd25519KeyIsRefusedNamingTink() throws Exception {
        try (URLClassLoader withoutTink = new URLClassLoader(
                new URL[] {location(IdentityKeySet.class), location(JWK.class)},
                ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> withoutTink.loadClass(Ed25519Support.TINK_CLASSES.get(0)))
                    .isInstanceOf(ClassNotFoundException.class);
            Method fromJwkSet =
                    withoutTink.loadClass(IdentityKeySet.class.getName()).getMethod("fromJwkSet", String.class);

            Object hsSet = fromJwkSet.invoke(null, new JWKSet(HS).toString(false));
            assertThat(hsSet.getClass().getClassLoader()).isSameAs(withoutTink);

            for (JWK ed : List.of(ED, ED.toPublicJWK())) {
                assertThatThrownBy(() -> fromJwkSet.invoke(null, new JWKSet(ed).toString(false)))
                        .isInstanceOf(InvocationTargetException.class)
                        .cause()
                        .satisfies(cause -> assertThat(cause.getClass().getName())
                                .isEqualTo(InvalidKeyConfigurationException.class.getName()))
                        .hasMessageContaining("kid 'ed-1'")
                        .hasMessageContaining(TINK);
            }
        }
    }

    private static URL location(Class<?> type) throws URISyntaxException, java.net.MalformedURLException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toUri()
                .toURL();
    }
}
