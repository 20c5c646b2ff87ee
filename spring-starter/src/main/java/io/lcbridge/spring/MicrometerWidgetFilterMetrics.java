package io.lcbridge.spring;

import io.lcbridge.servlet.WidgetFilterMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Binds the widget filter's counts to Micrometer:
 * <ul>
 *   <li>{@code lcbridge.widget.snippets}: snippets placed, by {@code placement} ({@code filter} or
 *       {@code template}) and {@code identity} ({@code true} when a signed identity went with it);</li>
 *   <li>{@code lcbridge.widget.failures}: pages served without the snippet or without identity, by
 *       {@code stage} (resolve_identity, contribute_variables, sign, render, stream) and
 *       {@code cause} (an exception's simple class name or a renderer problem such as
 *       {@code TOKEN_TOO_LARGE});</li>
 *   <li>{@code lcbridge.widget.skipped}: requests and responses that got no snippet, by {@code reason}
 *       (excluded_path, head_request, error_page, status, not_html, content_encoding, charset,
 *       no_injection_point). None of these is an error.</li>
 *   <li>{@code lcbridge.customer_token.requests}: answers of the customer token endpoint (customer identity
 *       binding), by {@code outcome} (issued, anonymous, cross_site, rate_limited, unavailable); failures to get a
 *       token count under {@code lcbridge.widget.failures} with {@code stage=customer_token}.</li>
 * </ul>
 */
final class MicrometerWidgetFilterMetrics implements WidgetFilterMetrics {

    static final String SNIPPETS = "lcbridge.widget.snippets";
    static final String FAILURES = "lcbridge.widget.failures";
    static final String SKIPPED = "lcbridge.widget.skipped";
    static final String CUSTOMER_TOKEN_REQUESTS = "lcbridge.customer_token.requests";

    private final MeterRegistry registry;
    private final Counter filterWithIdentity;
    private final Counter filterAnonymous;
    private final Counter templateWithIdentity;
    private final Counter templateAnonymous;
    private final java.util.Map<SkipReason, Counter> skipped = new java.util.EnumMap<>(SkipReason.class);

    MicrometerWidgetFilterMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.filterWithIdentity = snippets("filter", true);
        this.filterAnonymous = snippets("filter", false);
        this.templateWithIdentity = snippets("template", true);
        this.templateAnonymous = snippets("template", false);
        for (SkipReason reason : SkipReason.values()) {
            skipped.put(
                    reason,
                    Counter.builder(SKIPPED)
                            .description("Requests and responses the widget filter left without a snippet")
                            .tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT))
                            .register(registry));
        }
    }

    private Counter snippets(String placement, boolean identity) {
        return Counter.builder(SNIPPETS)
                .description("LiveChat widget snippets placed in pages")
                .tag("placement", placement)
                .tag("identity", Boolean.toString(identity))
                .register(registry);
    }

    @Override
    public void injected(boolean withIdentity) {
        (withIdentity ? filterWithIdentity : filterAnonymous).increment();
    }

    @Override
    public void placedByTemplate(boolean withIdentity) {
        (withIdentity ? templateWithIdentity : templateAnonymous).increment();
    }

    @Override
    public void skipped(SkipReason reason) {
        skipped.get(reason).increment();
    }

    @Override
    public void failed(Stage stage, String cause) {
        try {
            Counter.builder(FAILURES)
                    .description("Pages served without the LiveChat snippet or without identity")
                    .tag("stage", stage.name().toLowerCase(java.util.Locale.ROOT))
                    .tag("cause", cause == null ? "unknown" : cause)
                    .register(registry)
                    .increment();
        } catch (RuntimeException ignored) {
            // metrics never break a page
        }
    }

    @Override
    public void customerTokenRequest(String outcome) {
        try {
            Counter.builder(CUSTOMER_TOKEN_REQUESTS)
                    .description("Answers of the LiveChat customer token endpoint")
                    .tag("outcome", outcome == null ? "unknown" : outcome)
                    .register(registry)
                    .increment();
        } catch (RuntimeException ignored) {
            // metrics never break a request
        }
    }
}
