package io.lcbridge.servlet;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentityTokenVerifier;
import io.lcbridge.core.TokenStatus;
import io.lcbridge.widget.WidgetOptions;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link LiveChatIdentityServlet} over real HTTP on Jetty 12 (EE11): the answers, their headers and both set-ups. */
final class IdentityServletOnJettyTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SECRET = Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("0123456789abcdef0123456789abcdef-spa-http".getBytes(StandardCharsets.US_ASCII));
    private static final IdentityKeySet KEYS = IdentityKeySet.fromHs256Secret(SECRET);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /**
     * The user named by the {@code X-Test-User} header (a test stand-in for a real authentication); "zoe" has a name
     * with non-ASCII and markup characters, "nomail" neither name nor email.
     */
    public static final class HeaderUser implements IdentityResolver {
        @Override
        public Optional<CustomerIdentity> resolve(HttpServletRequest request) {
            String user = request.getHeader("X-Test-User");
            if (user == null) {
                return Optional.empty();
            }
            return Optional.of(CustomerIdentity.builder(user)
                    .name(user.equals("zoe") ? "Zoë </script>" : null)
                    .email(user.equals("nomail") ? null : user + "@example.com")
                    .variable("plan", "gold")
                    .build());
        }
    }

    private Server server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    private URI start(ServletHolder holder) throws Exception {
        server = new Server();
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(holder, LiveChatIdentityServlet.DEFAULT_PATH);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(context);
        server.start();
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + LiveChatIdentityServlet.DEFAULT_PATH);
    }

    private static LiveChatWidgetFilter filter(int maxTokenLength) {
        return LiveChatWidgetFilter.builder(WidgetOptions.builder()
                        .license(12345678)
                        .maxTokenLength(maxTokenLength)
                        .build())
                .signingKeys(KEYS)
                .identityResolver(new HeaderUser())
                .build();
    }

    private static HttpResponse<String> get(URI uri, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void signedInUserGetsTheAdapterPropsAsAsciiJsonThatNoCacheMayStore() throws Exception {
        URI uri = start(new ServletHolder(LiveChatIdentityServlet.forFilter(filter(2000))));

        HttpResponse<String> response = get(uri, "X-Test-User", "zoe");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(response.headers().allValues("Vary"))
                .anySatisfy(vary -> assertThat(vary).containsIgnoringCase("Cookie"));
        assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(response.body())
                .as("pure ASCII, markup characters escaped")
                .matches("\\p{ASCII}*")
                .doesNotContain("<")
                .contains("\"customerName\":\"Zo\\u00eb \\u003c/script\\u003e\"");
        JsonNode props = JSON.readTree(response.body());
        assertThat(props.propertyNames()).containsExactly("customerName", "customerEmail", "sessionVariables");
        assertThat(props.get("customerName").stringValue()).isEqualTo("Zoë </script>");
        assertThat(props.get("customerEmail").stringValue()).isEqualTo("zoe@example.com");
        assertThat(props.get("sessionVariables").get("plan").stringValue()).isEqualTo("gold");
        String token = props.get("sessionVariables").get("lc_identity").stringValue();
        assertThat(IdentityTokenVerifier.create(KEYS)
                        .verify(token, "12345678", Instant.now())
                        .status())
                .isEqualTo(TokenStatus.VERIFIED);
    }

    @Test
    void aCrossSiteOrCrossOriginRequestGets403AndNoIdentityEvenWithTheUsersCredentials() throws Exception {
        URI uri = start(new ServletHolder(LiveChatIdentityServlet.forFilter(filter(2000))));
        String foreign = "http://attacker.example";

        for (String[] headers : new String[][] {
            {"Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "no-cors", "Sec-Fetch-Dest", "script"},
            {"Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "cors", "Origin", foreign},
            {"Sec-Fetch-Site", "same-site", "Sec-Fetch-Mode", "cors", "Origin", "http://other.127.0.0.1.nip.io"},
            {"Origin", foreign},
            {"Origin", "null"},
        }) {
            String[] withUser = java.util.Arrays.copyOf(headers, headers.length + 2);
            withUser[headers.length] = "X-Test-User";
            withUser[headers.length + 1] = "alice";

            HttpResponse<String> response = get(uri, withUser);

            assertThat(response.statusCode()).as(String.join(" ", headers)).isEqualTo(403);
            assertThat(response.body()).isEqualTo("cross-site request refused\n");
            assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
                    .as("never CORS")
                    .isEmpty();
        }
    }

    @Test
    void sameOriginFetchesAndTheUsersOwnNavigationStillGetTheIdentity() throws Exception {
        URI uri = start(new ServletHolder(LiveChatIdentityServlet.forFilter(filter(2000))));
        String self = "http://127.0.0.1:" + uri.getPort();

        assertThat(get(uri, "X-Test-User", "alice", "Sec-Fetch-Site", "same-origin", "Sec-Fetch-Mode", "cors")
                        .statusCode())
                .isEqualTo(200);
        assertThat(get(uri, "X-Test-User", "alice", "Sec-Fetch-Site", "same-origin", "Origin", self)
                        .statusCode())
                .isEqualTo(200);
        assertThat(get(uri, "X-Test-User", "alice", "Sec-Fetch-Site", "none", "Sec-Fetch-Mode", "navigate")
                        .statusCode())
                .as("typed into the address bar")
                .isEqualTo(200);
        assertThat(get(uri, "X-Test-User", "alice").statusCode())
                .as("a client without Fetch Metadata (not a browser)")
                .isEqualTo(200);
    }

    @Test
    void absentNameOrEmailIsLeftOutAsTheAdapterExpects() throws Exception {
        URI uri = start(new ServletHolder(LiveChatIdentityServlet.forFilter(filter(2000))));

        JsonNode props = JSON.readTree(get(uri, "X-Test-User", "nomail").body());

        assertThat(props.propertyNames()).containsExactly("sessionVariables");
    }

    @Test
    void anonymousVisitorGets204ThatNoCacheMayStoreEither() throws Exception {
        URI uri = start(new ServletHolder(LiveChatIdentityServlet.forFilter(filter(2000))));

        HttpResponse<String> response = get(uri);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(response.headers().allValues("Vary"))
                .anySatisfy(vary -> assertThat(vary).containsIgnoringCase("Cookie"));
    }

    @Test
    void tokenOverTheBudgetAnswersAsForAnAnonymousVisitorNeverWithAPartialIdentity() throws Exception {
        URI uri = start(new ServletHolder(LiveChatIdentityServlet.forFilter(filter(100))));

        HttpResponse<String> response = get(uri, "X-Test-User", "zoe");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void onlyGetAndHeadAreAnswered() throws Exception {
        URI uri = start(new ServletHolder(LiveChatIdentityServlet.forFilter(filter(2000))));

        HttpResponse<String> post = HTTP.send(
                HttpRequest.newBuilder(uri)
                        .header("X-Test-User", "zoe")
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> head = HTTP.send(
                HttpRequest.newBuilder(uri)
                        .header("X-Test-User", "zoe")
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.body()).doesNotContain("lc_identity");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void webXmlStyleInitParametersConfigureItLikeTheFilter() throws Exception {
        ServletHolder holder = new ServletHolder(LiveChatIdentityServlet.class);
        holder.setInitParameter("license", "12345678");
        holder.setInitParameter("identitySecret", SECRET);
        holder.setInitParameter("identityResolver", HeaderUser.class.getName());
        holder.setInitParameter("tokenVariable", "sig");
        URI uri = start(holder);

        JsonNode props = JSON.readTree(get(uri, "X-Test-User", "zoe").body());

        String token = props.get("sessionVariables").get("sig").stringValue();
        assertThat(IdentityTokenVerifier.create(KEYS)
                        .verify(token, "12345678", Instant.now())
                        .identity()
                        .orElseThrow()
                        .subject())
                .isEqualTo("zoe");
    }

    @Test
    void aBadInitParameterFailsStartUpNamingItWithoutEchoingTheSecret() {
        java.util.Map<String, String> parameters =
                java.util.Map.of("license", "12345678", "identitySecret", "too-short-secret");
        jakarta.servlet.ServletConfig config = new jakarta.servlet.ServletConfig() {
            @Override
            public String getServletName() {
                return "identity";
            }

            @Override
            public jakarta.servlet.ServletContext getServletContext() {
                return null;
            }

            @Override
            public String getInitParameter(String name) {
                return parameters.get(name);
            }

            @Override
            public java.util.Enumeration<String> getInitParameterNames() {
                return java.util.Collections.enumeration(parameters.keySet());
            }
        };

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LiveChatIdentityServlet().init(config))
                .isInstanceOf(jakarta.servlet.ServletException.class)
                .hasMessageContaining("identitySecret")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("too-short-secret"));
    }
}
