package io.lcbridge.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a bad {@code livechat.*} setting at start-up by its property name, in place of the
 * bean-creation stack trace. Registered in {@code META-INF/spring.factories}.
 */
final class LiveChatPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidLiveChatPropertyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidLiveChatPropertyException cause) {
        String description = "The LiveChat bridge cannot start: property '" + cause.property() + "' " + cause.problem();
        return new FailureAnalysis(description, cause.action(), cause);
    }
}
