package io.lcbridge.widget;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the snippet's Mustache template comes from: the bundled one, a classpath resource or a file
 * in a folder (partials resolve relative to that folder). The template is read and compiled once,
 * when the renderer is built. Templates are trusted code: never build one from request data.
 *
 * <h2>Template variables</h2>
 * Values used inside the {@code <script>} element are ready-made, script-safe, pure-ASCII JavaScript
 * literals; insert them with triple braces ({@code {{{license}}}}). Absent values are missing from
 * the scope, so {@code {{#name}}…{{/name}}} renders only when set.
 * <table>
 *   <caption>variables</caption>
 *   <tr><th>name</th><th>value</th></tr>
 *   <tr><td>{@code nonce}</td><td>the CSP nonce (base64/base64url, checked), when given</td></tr>
 *   <tr><td>{@code license}</td><td>the license number as a JS number, LiveChat accounts only</td></tr>
 *   <tr><td>{@code organizationId}</td><td>the organization id as a JS string, text.com accounts only</td></tr>
 *   <tr><td>{@code productName}</td><td>{@code "text"} (JS string) alongside {@code organizationId}</td></tr>
 *   <tr><td>{@code group}</td><td>the group as a JS number, when set</td></tr>
 *   <tr><td>{@code chatBetweenGroups}</td><td>{@code true}/{@code false}, when set</td></tr>
 *   <tr><td>{@code asyncInit}</td><td>{@code true} when asynchronous initialization is on, absent otherwise</td></tr>
 *   <tr><td>{@code integrationName}</td><td>JS string</td></tr>
 *   <tr><td>{@code scriptUrl}</td><td>the widget script URL as a JS string</td></tr>
 *   <tr><td>{@code identity}</td><td>section present when an identity is rendered, holding:</td></tr>
 *   <tr><td>{@code identity.customerName}</td><td>JS string, when the identity has a name</td></tr>
 *   <tr><td>{@code identity.customerEmail}</td><td>JS string, when the identity has an email</td></tr>
 *   <tr><td>{@code identity.sessionVariables}</td><td>JS object: every session variable, then the token variable</td></tr>
 *   <tr><td>{@code forget}</td><td>section present on the first anonymous page after a signed-in one
 *       ({@link WidgetSnippetRenderer#renderForget(String)}), holding:</td></tr>
 *   <tr><td>{@code forget.clearedSessionVariables}</td><td>JS object: only the token variable, blank</td></tr>
 *   <tr><td>{@code forget.clearedName}, {@code forget.clearedEmail}</td><td>JS string: one space (LiveChat
 *       refuses empty values)</td></tr>
 *   <tr><td>{@code noscriptUrl}</td><td>the "chat with us" page URL as plain text for HTML ({@code {{noscriptUrl}}}),
 *       license accounts with noscript on only</td></tr>
 * </table>
 * A template must render exactly one {@code <script>} element and only ASCII text; the renderer
 * checks both when it is built. A template without a {@code forget} section renders no clearing calls after
 * logout.
 */
public final class WidgetTemplate {

    static final String BUNDLED_RESOURCE = "io/lcbridge/widget/livechat-widget.mustache";

    private final String description;
    private final Loader loader;

    private WidgetTemplate(String description, Loader loader) {
        this.description = description;
        this.loader = loader;
    }

    /** The bundled template: LiveChat's official loader (snippet 2.0) followed by the identity calls. */
    public static WidgetTemplate bundled() {
        return classpath(BUNDLED_RESOURCE);
    }

    /** A template resource on the classpath, e.g. {@code "templates/my-livechat.mustache"}. */
    public static WidgetTemplate classpath(String resource) {
        Objects.requireNonNull(resource, "resource");
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        return new WidgetTemplate("classpath:" + name, () -> {
            String text = readResource(name);
            return new DefaultMustacheFactory().compile(new StringReader(text), name);
        });
    }

    /** The template {@code fileName} in {@code folder}; partials ({@code {{> other}}}) resolve in the same folder. */
    public static WidgetTemplate file(Path folder, String fileName) {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(fileName, "fileName");
        Path file = folder.resolve(fileName);
        return new WidgetTemplate("file:" + file, () -> {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("widget template " + file + " does not exist or is not a file");
            }
            return new DefaultMustacheFactory(folder.toFile()).compile(fileName);
        });
    }

    /** Where the template comes from, e.g. {@code classpath:io/lcbridge/widget/livechat-widget.mustache}. */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return "WidgetTemplate[" + description + "]";
    }

    Mustache compile() {
        try {
            return loader.load();
        } catch (MustacheException | IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException(
                    "widget template " + description + " cannot be compiled: " + e.getMessage(), e);
        }
    }

    private static String readResource(String name) throws IOException {
        ClassLoader own = WidgetTemplate.class.getClassLoader();
        InputStream in = own == null ? null : own.getResourceAsStream(name);
        if (in == null) {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            in = context == null ? null : context.getResourceAsStream(name);
        }
        if (in == null) {
            throw new IllegalArgumentException("widget template classpath:" + name + " not found");
        }
        try (InputStream stream = in) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @FunctionalInterface
    private interface Loader {
        Mustache load() throws IOException;
    }
}
