package io.lcbridge.widget;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one render: a {@link LiveChatSnippet} and/or the {@link SnippetProblem} that
 * stopped part of it.
 *
 * <ul>
 *   <li>everything rendered: a snippet, no problem;</li>
 *   <li>identity dropped (e.g. {@link SnippetProblem#TOKEN_TOO_LARGE}): the anonymous loader and the problem;</li>
 *   <li>nothing rendered (e.g. {@link SnippetProblem#INVALID_NONCE}): no snippet, the problem.</li>
 * </ul>
 * {@link #detail()} is a short text for logs; it never holds personal data, tokens or secrets.
 */
public final class SnippetResult {

    private final LiveChatSnippet snippet;
    private final SnippetProblem problem;
    private final String detail;

    private SnippetResult(LiveChatSnippet snippet, SnippetProblem problem, String detail) {
        this.snippet = snippet;
        this.problem = problem;
        this.detail = detail;
    }

    static SnippetResult rendered(LiveChatSnippet snippet) {
        return new SnippetResult(Objects.requireNonNull(snippet), null, "");
    }

    static SnippetResult identityDropped(LiveChatSnippet anonymous, SnippetProblem problem, String detail) {
        return new SnippetResult(Objects.requireNonNull(anonymous), problem, detail);
    }

    static SnippetResult refused(SnippetProblem problem, String detail) {
        return new SnippetResult(null, problem, detail);
    }

    /** The snippet to place on the page; empty only when nothing could be rendered. */
    public Optional<LiveChatSnippet> snippet() {
        return Optional.ofNullable(snippet);
    }

    /** What went wrong, if anything. */
    public Optional<SnippetProblem> problem() {
        return Optional.ofNullable(problem);
    }

    /** Short, log-safe explanation of {@link #problem()}; empty when there is none. */
    public String detail() {
        return detail;
    }

    /** Whether the snippet carries the identity calls. */
    public boolean identityRendered() {
        return snippet != null && snippet.hasIdentity();
    }

    /** The snippet HTML, or {@code ""} when nothing was rendered (convenient for templates). */
    public String html() {
        return snippet == null ? "" : snippet.html();
    }

    @Override
    public String toString() {
        return "SnippetResult[" + (snippet == null ? "no snippet" : snippet.toString())
                + (problem == null ? "" : ", problem=" + problem + (detail.isEmpty() ? "" : " (" + detail + ")")) + "]";
    }
}
