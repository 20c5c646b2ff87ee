package io.lcbridge.spring;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code livechat.filter.*-paths} take Spring's path-pattern forms, and a bad element is reported by its index. */
final class FilterPathPatternsTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LiveChatAutoConfiguration.class))
            .withPropertyValues("livechat.license=12345678", "livechat.signing.secret=" + TestWebhooks.SIGNING_SECRET);

    @Test
    void springDoubleStarPatternsExcludeEverythingUnderThePath() {
        runner.withPropertyValues("livechat.filter.exclude-paths=/admin/**,/**/*.txt")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(page(context, "/admin")).isEqualTo(TestPages.PAGE);
                    assertThat(page(context, "/admin/users/7")).isEqualTo(TestPages.PAGE);
                    assertThat(page(context, "/docs/notes.txt")).isEqualTo(TestPages.PAGE);
                    assertThat(page(context, "/administration")).contains("window.__lc");
                    assertThat(page(context, "/shop/cart")).contains("window.__lc");
                });
    }

    @Test
    void springDoubleStarIncludeIsEveryPathAndServletPrefixKeepsItsMeaning() {
        runner.withPropertyValues("livechat.filter.include-paths=/**", "livechat.filter.exclude-paths=/shop/admin/*")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(page(context, "/anything/at/all")).contains("window.__lc");
                    assertThat(page(context, "/shop/admin/users/7"))
                            .as("servlet '/prefix/*' still means everything under it")
                            .isEqualTo(TestPages.PAGE);
                });
    }

    @Test
    void unmatchableExcludeIsReportedByItsIndexedPropertyName() {
        runner.withPropertyValues("livechat.filter.exclude-paths=/admin/**,/users/{id}/edit")
                .run(context -> {
                    FailureAnalysis analysis = analysis(context);
                    assertThat(analysis.getDescription())
                            .contains("property 'livechat.filter.exclude-paths[1]'")
                            .contains("/users/{id}/edit");
                    assertThat(analysis.getAction()).contains("/prefix/**").contains("*.ext");
                });
    }

    @Test
    void unmatchableIncludeIsReportedByItsIndexedPropertyName() {
        runner.withPropertyValues("livechat.filter.include-paths=/a/*/b")
                .run(context -> assertThat(analysis(context).getDescription())
                        .contains("property 'livechat.filter.include-paths[0]'"));
    }

    @Test
    void patternsAreTranslatedToTheServletFiltersSyntax() {
        assertThat(FilterPaths.servletPattern("p", "/admin/**")).isEqualTo("/admin/*");
        assertThat(FilterPaths.servletPattern("p", "/**")).isEqualTo("/*");
        assertThat(FilterPaths.servletPattern("p", "/**/*.css")).isEqualTo("*.css");
        assertThat(FilterPaths.servletPattern("p", "*.css")).isEqualTo("*.css");
        assertThat(FilterPaths.servletPattern("p", "/admin/*")).isEqualTo("/admin/*");
        assertThat(FilterPaths.servletPattern("p", "/login")).isEqualTo("/login");
    }

    private static String page(AssertableWebApplicationContext context, String path) throws Exception {
        return TestPages.render(context, TestPages.anonymous(path));
    }

    private static FailureAnalysis analysis(AssertableWebApplicationContext context) {
        assertThat(context).hasFailed();
        FailureAnalysis analysis = new LiveChatPropertyFailureAnalyzer().analyze(context.getStartupFailure());
        assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
        return analysis;
    }
}
