package io.lcbridge.servlet;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link PathPatterns#appliesToEveryPath}, which lets the filter skip working out a request's paths. */
final class PathPatternsTest {

    @Test
    void withoutIncludesOrExcludesEveryPathApplies() {
        PathPatterns all = PathPatterns.all();

        assertThat(all.appliesToEveryPath()).isTrue();
        assertThat(List.of("/", "/orders", "/admin/x", "/a.json")).allMatch(all::applies);
    }

    @Test
    void anExcludeMeansThePathsMustBeChecked() {
        PathPatterns excluding = new PathPatterns(List.of(), List.of("/admin/*"));

        assertThat(excluding.appliesToEveryPath()).isFalse();
        assertThat(excluding.applies("/admin/x")).isFalse();
        assertThat(excluding.applies("/orders")).isTrue();
    }

    @Test
    void anIncludeMeansThePathsMustBeChecked() {
        PathPatterns including = new PathPatterns(List.of("/shop/*"), List.of());

        assertThat(including.appliesToEveryPath()).isFalse();
        assertThat(including.applies("/orders")).isFalse();
        assertThat(including.applies("/shop/cart")).isTrue();
    }
}
