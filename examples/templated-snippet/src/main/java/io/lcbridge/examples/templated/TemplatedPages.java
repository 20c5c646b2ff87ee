package io.lcbridge.examples.templated;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.widget.SnippetResult;
import io.lcbridge.widget.WidgetSnippetRenderer;

import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Server-rendered pages that place the LiveChat snippet by hand: the page's own Mustache template
 * writes {@code {{{livechat}}}} where it wants the widget (here, at the end of {@code <head>}),
 * and the code renders the snippet with {@link WidgetSnippetRenderer} for the signed-in user and
 * the response's CSP nonce. No servlet filter involved: this works in any framework or none.
 *
 * <p>The snippet is pure ASCII and already escaped for its script context, so the template uses
 * triple braces (no HTML escaping). Everything else on the page keeps Mustache's normal escaping.
 */
public final class TemplatedPages {

    private final MustacheFactory templates = new DefaultMustacheFactory("templates");
    private final WidgetSnippetRenderer widget;

    public TemplatedPages(WidgetSnippetRenderer widget) {
        this.widget = widget;
    }

    /**
     * Renders {@code template} (a file under {@code templates/}) with {@code model}, plus
     * {@code livechat}: the widget snippet for {@code user} (anonymous when empty) with the CSP
     * {@code nonce} on its script tag. If signing fails (e.g. the token would be too large) the page
     * still gets the widget, without identity, and still renders.
     */
    public String render(String template, Map<String, ?> model, Optional<CustomerIdentity> user, String nonce) {
        SnippetResult snippet = user.map(u -> widget.render(u, nonce)).orElseGet(() -> widget.renderAnonymous(nonce));
        Map<String, Object> scope = new LinkedHashMap<>(model);
        scope.put("livechat", snippet.html());
        Mustache page = templates.compile(template);
        StringWriter out = new StringWriter();
        page.execute(out, scope);
        return out.toString();
    }
}
