package io.lcbridge.cli;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentitySigner;
import io.lcbridge.widget.SnippetResult;
import io.lcbridge.widget.WidgetOptions;
import io.lcbridge.widget.WidgetSnippetRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code snippet}: prints the widget snippet HTML, with a signed identity when {@code --keys} and
 * {@code --sub} are given. The token's audience is the license number (or organization id), like
 * every token the bridge renders. Any problem (bad nonce, token over budget, ...) is a usage error:
 * one line on stderr, nothing on stdout, exit code 2.
 */
@Command(
        name = "snippet",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Print the LiveChat widget snippet HTML, optionally with a signed identity.")
final class SnippetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--license", paramLabel = "N", description = "LiveChat license number (or use --organization-id)")
    String license;

    @Option(names = "--organization-id", paramLabel = "ID", description = "text.com organization id (or use --license)")
    String organizationId;

    @Option(names = "--group", paramLabel = "N", description = "group (department) id")
    Integer group;

    @Option(
            names = "--keys",
            paramLabel = "FILE",
            description = "JWK set file with an active signing key (needs --sub)")
    Path keys;

    @Option(names = "--sub", paramLabel = "ID", description = "the app's stable user id (needs --keys)")
    String sub;

    @Mixin
    IdentityOptions identity = new IdentityOptions();

    @Option(names = "--nonce", paramLabel = "NONCE", description = "CSP nonce for the script tag (base64/base64url)")
    String nonce;

    @Option(
            names = "--script-url",
            paramLabel = "URL",
            description = "widget script URL (default https://cdn.livechatinc.com/tracking.js)")
    String scriptUrl;

    @Option(names = "--no-noscript", description = "leave out the <noscript> link")
    boolean noNoscript;

    @Override
    public Integer call() {
        WidgetOptions options = options();
        boolean identityRequested = keys != null || sub != null || identity.anyGiven();
        SnippetResult result;
        if (identityRequested) {
            if (keys == null || sub == null) {
                throw new CliInputs.UsageException("an identity needs both --keys FILE and --sub ID"
                        + " (--name, --email, --var and --ttl only apply to a signed identity)");
            }
            IdentitySigner.Builder signer =
                    identity.lifetime(IdentitySigner.builder(CliInputs.loadKeys(keys), options.audience()));
            CustomerIdentity customer = identity.identity(sub);
            result = WidgetSnippetRenderer.builder(options)
                    .signer(signer.build())
                    .build()
                    .render(customer, nonce);
        } else {
            result = WidgetSnippetRenderer.create(options).renderAnonymous(nonce);
        }
        if (result.problem().isPresent()) {
            throw new CliInputs.UsageException("snippet not rendered as asked: "
                    + result.problem().get() + (result.detail().isEmpty() ? "" : " (" + result.detail() + ")"));
        }
        spec.commandLine().getOut().print(result.html());
        spec.commandLine().getOut().flush();
        return 0;
    }

    private WidgetOptions options() {
        if ((license == null) == (organizationId == null)) {
            throw new CliInputs.UsageException("give exactly one of --license N or --organization-id ID");
        }
        WidgetOptions.Builder builder = WidgetOptions.builder();
        if (license != null) {
            builder.license(license);
        } else {
            builder.organizationId(organizationId);
        }
        if (group != null) {
            builder.group(group);
        }
        if (scriptUrl != null) {
            builder.scriptUrl(scriptUrl);
        }
        return builder.noscript(!noNoscript).build();
    }
}
