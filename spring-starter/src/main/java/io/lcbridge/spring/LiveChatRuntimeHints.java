package io.lcbridge.spring;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What a GraalVM native image of an application with the starter needs beyond what Spring's AOT processing finds by
 * itself: the bundled widget template, read from the class path when the filter is built, and the starter's failure
 * analyzer, which {@code META-INF/spring.factories} names and Boot instantiates reflectively. Registered through
 * {@code @ImportRuntimeHints} on {@link LiveChatAutoConfiguration}. The scopes the template renders are maps, which
 * Mustache reads without reflection.
 */
final class LiveChatRuntimeHints implements RuntimeHintsRegistrar {

    /** The widget template every filter renders (widget-templates' {@code WidgetTemplate.bundled()}). */
    static final String BUNDLED_TEMPLATE = "io/lcbridge/widget/livechat-widget.mustache";

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        hints.resources().registerPattern(BUNDLED_TEMPLATE);
        hints.reflection()
                .registerType(LiveChatPropertyFailureAnalyzer.class, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
    }
}
