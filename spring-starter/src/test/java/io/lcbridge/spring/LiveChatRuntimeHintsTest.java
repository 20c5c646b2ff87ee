package io.lcbridge.spring;

import io.lcbridge.widget.WidgetTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.annotation.AnnotationUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The native-image hints, checked with Spring's {@link RuntimeHintsPredicates} (no GraalVM on the build machine: these
 * tests prove the hints are registered, not that a native image runs).
 */
final class LiveChatRuntimeHintsTest {

    private final RuntimeHints hints = new RuntimeHints();

    LiveChatRuntimeHintsTest() {
        new LiveChatRuntimeHints().registerHints(hints, getClass().getClassLoader());
    }

    @Test
    void theBundledWidgetTemplateIsIncludedAsAResource() {
        assertThat(RuntimeHintsPredicates.resource().forResource(LiveChatRuntimeHints.BUNDLED_TEMPLATE))
                .accepts(hints);
        assertThat(WidgetTemplate.bundled().description())
                .as("the hint names the resource the filter really reads")
                .isEqualTo("classpath:" + LiveChatRuntimeHints.BUNDLED_TEMPLATE);
        assertThat(getClass().getClassLoader().getResource(LiveChatRuntimeHints.BUNDLED_TEMPLATE))
                .isNotNull();
    }

    @Test
    void theFailureAnalyzerNamedInSpringFactoriesCanBeInstantiated() {
        assertThat(RuntimeHintsPredicates.reflection()
                        .onType(LiveChatPropertyFailureAnalyzer.class)
                        .withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS))
                .accepts(hints);
    }

    @Test
    void theAutoConfigurationImportsTheHints() {
        ImportRuntimeHints imported =
                AnnotationUtils.findAnnotation(LiveChatAutoConfiguration.class, ImportRuntimeHints.class);
        assertThat(imported).isNotNull();
        assertThat(imported.value()).contains(LiveChatRuntimeHints.class);
    }
}
