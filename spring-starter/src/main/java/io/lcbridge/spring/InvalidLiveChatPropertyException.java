package io.lcbridge.spring;

/**
 * A {@code livechat.*} setting that cannot be used, found while the application starts. The message
 * names the property and the problem, never the value (it may be a secret);
 * {@link LiveChatPropertyFailureAnalyzer} turns it into Spring Boot's start-up failure report.
 */
final class InvalidLiveChatPropertyException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String property;
    private final String problem;
    private final String action;

    InvalidLiveChatPropertyException(String property, String problem, String action) {
        super("Invalid LiveChat bridge setting '" + property + "': " + problem);
        this.property = property;
        this.problem = problem;
        this.action = action;
    }

    /** The property to fix, e.g. {@code livechat.signing.secret}. */
    String property() {
        return property;
    }

    /** What is wrong with it. */
    String problem() {
        return problem;
    }

    /** What to do about it. */
    String action() {
        return action;
    }
}
