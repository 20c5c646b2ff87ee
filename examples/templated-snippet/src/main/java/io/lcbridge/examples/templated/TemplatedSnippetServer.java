package io.lcbridge.examples.templated;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentitySigner;
import io.lcbridge.widget.WidgetOptions;
import io.lcbridge.widget.WidgetSnippetRenderer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the templated pages on the JDK's HTTP server, with a fresh CSP nonce per response:
 * {@code /} for an anonymous visitor, {@code /account} for a fixed demo user (in a real app the
 * user comes from the server-side session, never from the request). Settings:
 * {@code LIVECHAT_LICENSE}, {@code LCBRIDGE_IDENTITY_SECRET}, {@code PORT}; missing ones get demo values.
 */
public final class TemplatedSnippetServer {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TemplatedSnippetServer() {}

    public static void main(String[] args) throws IOException {
        String secret = System.getenv("LCBRIDGE_IDENTITY_SECRET");
        if (secret == null || secret.isBlank()) {
            System.err.println(
                    "*** DEMO ONLY: LCBRIDGE_IDENTITY_SECRET is not set; a random HS256 key was generated. ***");
            secret = randomBase64(32);
        }
        WidgetOptions options = WidgetOptions.builder()
                .license(System.getenv().getOrDefault("LIVECHAT_LICENSE", "19000000"))
                .build();
        WidgetSnippetRenderer renderer = WidgetSnippetRenderer.builder(options)
                .signer(IdentitySigner.builder(IdentityKeySet.fromHs256Secret(secret), options.audience())
                        .build())
                .build();
        TemplatedPages pages = new TemplatedPages(renderer);
        CustomerIdentity alice = CustomerIdentity.builder("alice")
                .name("Alice Anderson")
                .email("alice@example.com")
                .variable("plan", "enterprise")
                .build();

        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8082"));
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
        server.createContext("/", exchange -> {
            boolean account = exchange.getRequestURI().getPath().equals("/account");
            Optional<CustomerIdentity> user = account ? Optional.of(alice) : Optional.empty();
            Map<String, Object> model = account
                    ? Map.of(
                            "title",
                            "Your account",
                            "user",
                            Map.of("name", "Alice Anderson", "email", "alice@example.com", "plan", "enterprise"))
                    : Map.of("title", "Welcome");
            String nonce = randomBase64(16);
            send(exchange, nonce, pages.render("account.mustache", model, user, nonce));
        });
        server.start();
        System.out.println(
                "Templated snippet pages: http://localhost:" + port + "/ and http://localhost:" + port + "/account");
    }

    private static void send(HttpExchange exchange, String nonce, String html) throws IOException {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "private, no-store");
        exchange.getResponseHeaders()
                .set(
                        "Content-Security-Policy",
                        "script-src 'nonce-" + nonce + "' https://cdn.livechatinc.com https://*.livechatinc.com");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String randomBase64(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
