package io.lcbridge.servlet;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.servlet.BrowserShop.LateFilter;
import io.lcbridge.testsupport.browser.Chromium;
import io.lcbridge.widget.WidgetOptions;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default placement, at the end of {@code <head>}, in headless Chromium on Jetty 12 (ee10, which leaves a
 * {@code Content-Type} without charset alone, so the page's {@code <meta charset>} decides) with the real filter and an
 * HS256 key. The stand-in {@code tracking.js} replays the {@code LiveChatWidget} queue as soon as it runs and touches
 * {@code document.body} only after {@code DOMContentLoaded} (docs/placement.md): the identity arrives exactly, the
 * page's own head scripts, {@code <base>} and {@code <meta charset>} keep working, the parsed DOM is the page's own plus
 * the snippet, and with scripting off the head stays a head (no {@code <noscript>} link in it).
 */
final class HeadPlacementInChromiumTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final IdentityKeySet KEYS = IdentityKeySet.fromHs256Secret(Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("0123456789abcdef0123456789abcdef-test-only".getBytes(StandardCharsets.US_ASCII)));

    /** Name, email and variables a hostile or unlucky user could have: script, comment and line-terminator breakers. */
    static final String NAME = "Zo\u00eb \"</script><!--<script>\" O'Brien \u2028\u2029 \u65e5\u672c";

    static final String EMAIL = "zoe+</script>@example.com";
    static final String NOTE = "</script><script>window.__pwned=1</script>";
    static final String QUOTES = "'\"`\\ ${x} \u2028";

    /** Head and body of the test page; the body has attributes so an early-ended head would show in its DOM. */
    static final String HEAD = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"windows-1252\">"
            + "<base href=\"/app/sub/\"><title>Caf\u00e9 shop</title>"
            + "<script>window.__headScript = {charset: document.characterSet, lc: typeof window.LiveChatWidget};"
            + "</script><style>p { color: teal; }</style></head>";

    static final String BODY = "<body class=\"shop\" data-page=\"1\"><p id=\"page\">caf\u00e9</p>"
            + "<a id=\"relative\" href=\"orders\">orders</a>"
            + "<script>window.__bodyScript = typeof window.LiveChatWidget;</script></body></html>";

    private static Server server;
    private static ServerConnector connector;
    private static String base;
    /** Counted down by the stand-in's ping ({@code /ran}) while {@code /slow} holds its body back. */
    private static volatile CountDownLatch trackingRan;

    /**
     * Pages: {@code /page} (bytes, charset only in the page), {@code /slow} (the head, then the body only once the
     * stand-in pinged {@code /ran}), {@code /nohead}.
     */
    static final class Shop extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String path = req.getRequestURI().substring(req.getContextPath().length());
            if (path.equals("/tracking.js")) {
                BrowserShop.serveScript(resp, "/browser/tracking-head-stand-in.js");
            } else if (path.endsWith("/page")) {
                resp.setContentType("text/html"); // no charset: the page's <meta charset> decides
                OutputStream out = resp.getOutputStream();
                out.write((HEAD + BODY).getBytes("windows-1252"));
            } else if (path.equals("/ran")) {
                CountDownLatch latch = trackingRan;
                if (latch != null) {
                    latch.countDown();
                }
                resp.setStatus(204);
            } else if (path.equals("/slow")) {
                CountDownLatch latch = new CountDownLatch(1);
                trackingRan = latch;
                resp.setContentType("text/html;charset=UTF-8");
                PrintWriter out = resp.getWriter();
                out.write("<!DOCTYPE html><html><head><title>slow</title></head>");
                out.flush();
                // the rest of a long page is still being produced: until tracking.js has run (10 s at most)
                await(latch);
                out.write("<body><p id=\"page\">rows</p></body></html>");
            } else if (path.equals("/nohead")) {
                resp.setContentType("text/html;charset=UTF-8");
                resp.getWriter()
                        .write("<!DOCTYPE html><html><head><title>no head end</title>"
                                + "<body class=\"shop\"><p id=\"page\">rows</p></body></html>");
            } else {
                resp.sendError(404);
            }
        }

        private static void await(CountDownLatch latch) {
            try {
                latch.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @BeforeAll
    static void startServer() throws Exception {
        server = new Server();
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/app");
        LateFilter filter = new LateFilter();
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new Shop()), "/*");
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(context);
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort() + "/app";
        filter.delegate = LiveChatWidgetFilter.builder(WidgetOptions.builder()
                        .license(12345678)
                        .scriptUrl(base + "/tracking.js")
                        .build())
                .signingKeys(KEYS)
                .identityResolver(request -> Optional.of(CustomerIdentity.builder("user-42")
                        .name(NAME)
                        .email(EMAIL)
                        .variable("note", NOTE)
                        .variable("quotes", QUOTES)
                        .build()))
                .excludePaths("/raw/*") // the same page without the filter, for the DOM comparison
                .build();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void theIdentityArrivesExactlyAndThePagesOwnHeadStillWorks() throws Exception {
        String served = fetch("/page");
        assertThat(served.indexOf("window.__lc"))
                .as("the snippet ends the head")
                .isGreaterThan(served.indexOf("<style>"))
                .isLessThan(served.indexOf("</head>"));
        assertThat(served).doesNotContain("<noscript>");

        try (Chromium chromium = Chromium.startOrSkip()) {
            JsonNode page = load(chromium, base + "/page");

            JsonNode recorded = page.get("recorded");
            assertThat(call(recorded, "set_customer_name").stringValue()).isEqualTo(NAME);
            assertThat(call(recorded, "set_customer_email").stringValue()).isEqualTo(EMAIL);
            JsonNode variables = call(recorded, "set_session_variables");
            assertThat(variables.get("note").stringValue()).isEqualTo(NOTE);
            assertThat(variables.get("quotes").stringValue()).isEqualTo(QUOTES);
            assertThat(variables.get("lc_identity").stringValue()).startsWith("ey");
            assertThat(page.get("pwned").isNull()).as("no value ran as script").isTrue();

            assertThat(page.get("headScript").get("charset").stringValue())
                    .as("<meta charset> still decides the page's encoding")
                    .isEqualTo("windows-1252");
            assertThat(page.get("headScript").get("lc").stringValue())
                    .as("the page's head script ran before the snippet, as written")
                    .isEqualTo("undefined");
            assertThat(page.get("bodyScript").stringValue())
                    .as("every body script already sees the widget")
                    .isEqualTo("object");
            assertThat(page.get("text").stringValue()).isEqualTo("caf\u00e9");
            assertThat(page.get("title").stringValue()).isEqualTo("Caf\u00e9 shop");
            assertThat(page.get("relative").stringValue())
                    .as("<base href> still resolves the page's links")
                    .isEqualTo(base + "/sub/orders");
        }
    }

    @Test
    void theParsedDocumentIsThePagesOwnPlusTheSnippet() throws Exception {
        try (Chromium chromium = Chromium.startOrSkip()) {
            chromium.driver().get(base + "/raw/page");
            String raw = (String) chromium.waitFor(
                    "return document.getElementById('page') ? " + STRUCTURE + "(document.documentElement) : null");
            assertThat(chromium.script("return typeof window.LiveChatWidget")).isEqualTo("undefined");

            load(chromium, base + "/page");
            String filtered = (String) chromium.script("return " + STRUCTURE + "(document.documentElement)");
            String withSnippet = (String) chromium.script("return " + STRUCTURE + "(document.documentElement, true)");

            assertThat(filtered).isEqualTo(raw).contains("BODY class=shop data-page=1");
            assertThat(withSnippet)
                    .as("the snippet is the last element of the head")
                    .contains("SCRIPT [snippet] ]")
                    .isNotEqualTo(raw);
        }
    }

    @Test
    void theWidgetLoadsWhileASlowPageIsStillArriving() throws Exception {
        try (Chromium chromium = Chromium.startOrSkip()) {
            JsonNode page = load(chromium, base + "/slow");

            assertThat(page.get("bodyWhenLoaded").booleanValue())
                    .as("tracking.js ran before the body existed")
                    .isFalse();
            assertThat(call(page.get("recorded"), "set_customer_name").stringValue())
                    .isEqualTo(NAME);
            assertThat(page.get("mounted").booleanValue())
                    .as("and mounted into the body after DOMContentLoaded")
                    .isTrue();
        }
    }

    @Test
    void aPageWithoutHeadEndGetsTheWholeSnippetBeforeBodyEnd() throws Exception {
        String served = fetch("/nohead");
        assertThat(served.indexOf("window.__lc"))
                .isGreaterThan(served.indexOf("<p id=\"page\">"))
                .isLessThan(served.indexOf("</body>"));
        assertThat(served.indexOf("<noscript>"))
                .as("the fallback keeps the link for browsers without scripts")
                .isBetween(served.indexOf("window.__lc"), served.indexOf("</body>"));

        try (Chromium chromium = Chromium.startOrSkip()) {
            JsonNode page = load(chromium, base + "/nohead");
            assertThat(call(page.get("recorded"), "set_customer_email").stringValue())
                    .isEqualTo(EMAIL);
        }
    }

    @Test
    void withScriptingOffTheHeadStaysAHead() throws Exception {
        try (Chromium chromium = Chromium.startOrSkip("--blink-settings=scriptEnabled=false")) {
            chromium.driver().get(base + "/page");
            JsonNode page = JSON.readTree((String) chromium.waitFor("return document.getElementById('page') ?"
                    + " JSON.stringify({headScript: window.__headScript || null,"
                    + " headNoscript: document.head.querySelectorAll('noscript').length,"
                    + " headChildren: Array.from(document.head.children).map(e => e.tagName),"
                    + " firstInBody: document.body.firstElementChild.id,"
                    + " bodyClass: document.body.className, links: document.body.querySelectorAll('a').length})"
                    + " : null"));

            assertThat(page.get("headScript").isNull())
                    .as("page scripts really are off")
                    .isTrue();
            assertThat(page.get("headNoscript").intValue()).isZero();
            assertThat(page.get("headChildren").toString())
                    .isEqualTo("[\"META\",\"BASE\",\"TITLE\",\"SCRIPT\",\"STYLE\",\"SCRIPT\"]");
            assertThat(page.get("firstInBody").stringValue())
                    .as("nothing of the snippet opened the body early")
                    .isEqualTo("page");
            assertThat(page.get("bodyClass").stringValue()).isEqualTo("shop");
            assertThat(page.get("links").intValue())
                    .as("only the page's own link")
                    .isEqualTo(1);
        }
    }

    /**
     * A JavaScript function serialising an element tree: tag names, attributes and non-blank text, one element per
     * bracket. Without its second argument it leaves out what the widget adds (the snippet's script and comments, the
     * loaded tracking.js script, the stand-in's container); with it, the snippet shows as {@code SCRIPT [snippet]}.
     */
    static final String STRUCTURE = "(function walk(node, showSnippet) {"
            + " var out = '';"
            + " for (var child = node.firstChild; child; child = child.nextSibling) {"
            + "  if (child.nodeType === 3) { if (child.data.trim()) out += ' \"' + child.data.trim() + '\"'; continue; }"
            + "  if (child.nodeType === 8) { if (child.data.indexOf('LiveChat') < 0) out += ' <!--' + child.data + '-->';"
            + "   continue; }"
            + "  if (child.nodeType !== 1) continue;"
            + "  if (child.id === 'chat-widget-container') continue;"
            + "  if (child.tagName === 'SCRIPT' && (child.src || '').indexOf('tracking.js') >= 0) continue;"
            + "  if (child.tagName === 'SCRIPT' && child.text.indexOf('window.__lc') >= 0) {"
            + "   if (showSnippet) out += ' SCRIPT [snippet]'; continue; }"
            + "  out += ' ' + child.tagName;"
            + "  for (var i = 0; i < child.attributes.length; i++) {"
            + "   out += ' ' + child.attributes[i].name + '=' + child.attributes[i].value; }"
            + "  out += ' [' + walk(child, showSnippet) + ' ]';"
            + " }"
            + " return out;"
            + "})";

    /** Opens {@code url} and returns what the stand-in and the page recorded once the widget mounted. */
    private static JsonNode load(Chromium chromium, String url) {
        chromium.driver().get(url);
        String json = (String) chromium.waitFor("return window.__done && document.getElementById('page')"
                + " ? JSON.stringify({recorded: window.__recorded, bodyWhenLoaded: window.__bodyWhenLoaded,"
                + " mounted: !!document.getElementById('chat-widget-container'),"
                + " headScript: window.__headScript || null, bodyScript: window.__bodyScript || null,"
                + " pwned: window.__pwned || null, text: document.getElementById('page').textContent,"
                + " title: document.title,"
                + " relative: document.getElementById('relative') ? document.getElementById('relative').href : null})"
                + " : null");
        return JSON.readTree(json);
    }

    /** The argument of the recorded {@code call(name, ...)}. */
    private static JsonNode call(JsonNode recorded, String name) {
        for (JsonNode entry : recorded) {
            if (entry.get(0).stringValue().equals("call")
                    && entry.get(1).get(0).stringValue().equals(name)) {
                return entry.get(1).get(1);
            }
        }
        throw new AssertionError(name + " was not called: " + recorded);
    }

    private static String fetch(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
        return new String(response.body(), StandardCharsets.ISO_8859_1);
    }
}
