package io.lcbridge.servlet;

import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.widget.WidgetOptions;
import io.lcbridge.widget.WidgetTemplate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code renderOnFirstPage}: the bundled template's renderer comes later, every check of a setting stays in build(). */
final class RenderOnFirstPageTest {

    private static final WidgetOptions OPTIONS = WidgetOptions.forLicense(12345678);

    @Test
    void theDeferredRendererRendersTheSameLoader() {
        LiveChatWidgetFilter deferred =
                LiveChatWidgetFilter.builder(OPTIONS).renderOnFirstPage(true).build();
        LiveChatWidgetFilter eager = LiveChatWidgetFilter.builder(OPTIONS).build();

        assertThat(deferred.renderer()).isNotNull();
        assertThat(deferred.renderer()).as("built once").isSameAs(deferred.renderer());
        assertThat(deferred.renderer()
                        .renderAnonymous(null)
                        .snippet()
                        .orElseThrow()
                        .html())
                .isEqualTo(eager.renderer()
                        .renderAnonymous(null)
                        .snippet()
                        .orElseThrow()
                        .html())
                .contains("12345678");
    }

    @Test
    void anApplicationsTemplateIsStillCompiledAndCheckedInBuild() {
        assertThatThrownBy(() -> LiveChatWidgetFilter.builder(OPTIONS)
                        .template(WidgetTemplate.classpath("no/such/template.mustache"))
                        .renderOnFirstPage(true)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no/such/template.mustache");
    }

    @Test
    void aKeyThatCannotSignStillFailsInBuild() {
        IdentityKeySet publicOnly = IdentityKeySet.fromJwkSet(
                "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"ec-1\",\"alg\":\"ES256\","
                        + "\"x\":\"gNxXZVF6GK2nhIO-VrBLKt1hWpf_1-nA7AevkPOYE3w\","
                        + "\"y\":\"IBoGtNgRK0yeNAs9hNLjmTlZME6WHa9GJi2a_3EaSog\"}]}");

        assertThatThrownBy(() -> LiveChatWidgetFilter.builder(OPTIONS)
                        .signingKeys(publicOnly)
                        .renderOnFirstPage(true)
                        .build())
                .isInstanceOf(RuntimeException.class);
    }
}
