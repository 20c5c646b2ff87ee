package io.lcbridge.servlet;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentitySigner;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Publishes the public half of the identity signing keys as a JWK set (RFC 7517), by convention at
 * {@value #DEFAULT_PATH}, so a service elsewhere (a separate webhook receiver) verifies tokens this app mints without
 * sharing a secret: it points {@code io.lcbridge.core.RemoteJwkSet} at this URL.
 *
 * <p>Only public keys are ever published: private parts ({@code d}, {@code p}, ...) are stripped, and HS256 secrets
 * ({@code oct} keys) are never published at all. A key set that holds nothing but HS256 secrets has nothing to publish
 * and is refused when the servlet is built; a verifier elsewhere then needs the shared secret, or the app an
 * asymmetric key (ES256, EdDSA).
 *
 * <p>Rotation: every key of the current set is published (the active signing key and the older keys kept to verify),
 * and a key that leaves the set while the app runs (a {@link #builder(Supplier) key supplier} that reloads) stays
 * published for the {@link Builder#keyRetention(Duration) key retention} (default: the default token lifetime) plus
 * the {@code max-age}, so tokens it signed keep verifying until they expire. Across restarts, keep the old key in the
 * JWK set as verify-only ({@code "key_ops":["verify"]}) for as long.
 *
 * <p>Answers {@code GET}/{@code HEAD} with {@code application/jwk-set+json}, {@code Cache-Control: public,
 * max-age=…} (default {@value #DEFAULT_MAX_AGE_SECONDS} s) and a strong {@code ETag} ({@code 304} for a matching
 * {@code If-None-Match}); anything else is 405.
 *
 * <p>In code: {@code new ServletHolder(LiveChatJwksServlet.builder(keys).build())}. From {@code web.xml}, init
 * parameters {@code identityJwkSetFile} (path of the JWK set, as for the filter), optional {@code maxAge} and
 * {@code keyRetention} (ISO-8601 durations).
 */
public final class LiveChatJwksServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The path the servlet is registered at by convention (and by the Spring Boot starter). */
    public static final String DEFAULT_PATH = "/.well-known/lcbridge-jwks.json";

    /** Default {@code max-age} of the published document, in seconds. */
    public static final long DEFAULT_MAX_AGE_SECONDS = 300;

    /** Media type of a JWK set (RFC 7517, section 8.5.2). */
    static final String MEDIA_TYPE = "application/jwk-set+json";

    private transient Supplier<IdentityKeySet> keys;
    private transient Duration maxAge;
    private transient Duration retention;
    private transient Clock clock;
    private final transient Map<String, Published> published = new LinkedHashMap<>();

    /**
     * A key once published, and when it was first found missing from the current set ({@code null} while it is in
     * it). Found missing no earlier than it left, so counting its retention from then never drops it early.
     */
    private record Published(JWK key, @Nullable Instant retiredAt) {}

    /** For containers that instantiate servlets themselves ({@code web.xml}); see the class description. */
    public LiveChatJwksServlet() {}

    private LiveChatJwksServlet(Builder b) {
        this.keys = b.keys;
        this.maxAge = b.maxAge;
        this.retention = b.retention;
        this.clock = b.clock;
    }

    /** Starts a servlet publishing the public keys of {@code keys}. */
    public static Builder builder(IdentityKeySet keys) {
        Objects.requireNonNull(keys, "keys");
        return new Builder(() -> keys);
    }

    /**
     * Starts a servlet publishing the public keys of the set {@code keys} supplies on each request, for apps that
     * reload keys while running: a key that leaves the set stays published for the key retention plus the max-age.
     */
    public static Builder builder(Supplier<IdentityKeySet> keys) {
        return new Builder(Objects.requireNonNull(keys, "keys"));
    }

    @Override
    public void init() throws ServletException {
        if (keys != null) {
            return;
        }
        try {
            String file = getInitParameter("identityJwkSetFile");
            if (file == null || file.isBlank()) {
                throw new IllegalArgumentException("init parameter 'identityJwkSetFile' is required");
            }
            IdentityKeySet set;
            try {
                set = IdentityKeySet.fromJwkSet(Files.readString(Path.of(file.trim()), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalArgumentException("init parameter 'identityJwkSetFile': cannot read " + file + " ("
                        + e.getClass().getSimpleName() + ")");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("init parameter 'identityJwkSetFile': " + e.getMessage());
            }
            Builder builder = builder(set);
            String maxAgeParameter = getInitParameter("maxAge");
            if (maxAgeParameter != null && !maxAgeParameter.isBlank()) {
                Duration maxAge = duration("maxAge", maxAgeParameter);
                named("maxAge", () -> builder.maxAge(maxAge));
            }
            String retentionParameter = getInitParameter("keyRetention");
            if (retentionParameter != null && !retentionParameter.isBlank()) {
                Duration retention = duration("keyRetention", retentionParameter);
                named("keyRetention", () -> builder.keyRetention(retention));
            }
            LiveChatJwksServlet built;
            try {
                built = builder.build();
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException("init parameter 'identityJwkSetFile': " + e.getMessage());
            }
            this.keys = built.keys;
            this.maxAge = built.maxAge;
            this.retention = built.retention;
            this.clock = built.clock;
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ServletException("LiveChatJwksServlet '" + getServletName() + "': " + e.getMessage(), e);
        }
    }

    /** Runs a builder setter, naming the init parameter in what it refuses. */
    private static void named(String name, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("init parameter '" + name + "': " + e.getMessage());
        }
    }

    private static Duration duration(String name, String value) {
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "init parameter '" + name + "' must be an ISO-8601 duration such as PT5M, got '" + value + "'");
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            response.setHeader("Allow", "GET, HEAD");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        String document = document();
        String etag = "\"" + digest(document) + "\"";
        response.setHeader("Cache-Control", "public, max-age=" + maxAge.toSeconds());
        response.setHeader("ETag", etag);
        response.setHeader("X-Content-Type-Options", "nosniff");
        String ifNoneMatch = request.getHeader("If-None-Match");
        if (ifNoneMatch != null && (ifNoneMatch.trim().equals("*") || ifNoneMatch.contains(etag))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        byte[] body = document.getBytes(StandardCharsets.US_ASCII);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MEDIA_TYPE);
        response.setContentLength(body.length);
        if ("GET".equals(method)) {
            response.getOutputStream().write(body);
        }
    }

    /** The published JWK set: the current public keys, then retired ones still within their retention. */
    synchronized String document() {
        Instant now = clock.instant();
        List<JWK> current = publicKeys(keys.get());
        Map<String, JWK> out = new LinkedHashMap<>();
        for (JWK key : current) {
            out.put(key.getKeyID(), key);
            published.put(key.getKeyID(), new Published(key, null));
        }
        published.replaceAll(
                (kid, p) -> out.containsKey(kid) || p.retiredAt() != null ? p : new Published(p.key(), now));
        Instant keepAfter = now.minus(retention).minus(maxAge);
        published.values().removeIf(p -> p.retiredAt() != null && p.retiredAt().isBefore(keepAfter));
        for (Published p : published.values()) {
            out.putIfAbsent(p.key().getKeyID(), p.key());
        }
        return new JWKSet(new ArrayList<>(out.values())).toString(true);
    }

    /** The public keys of {@code set}; none for a set of HS256 secrets only. */
    static List<JWK> publicKeys(IdentityKeySet set) {
        String json;
        try {
            json = set.publicJwkSetJson();
        } catch (IllegalStateException e) {
            return List.of(); // secrets only: nothing may be published
        }
        try {
            List<JWK> result = new ArrayList<>();
            for (JWK key : JWKSet.parse(json).getKeys()) {
                if (key.isPrivate() || key.toPublicJWK() == null) {
                    throw new IllegalStateException("kid '" + key.getKeyID() + "' would publish private material");
                }
                result.add(key);
            }
            return result;
        } catch (ParseException e) {
            throw new IllegalStateException("the public key set does not parse", e);
        }
    }

    private static String digest(String document) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(document.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Settings of a {@link LiveChatJwksServlet}. */
    public static final class Builder {
        private final Supplier<IdentityKeySet> keys;
        private Duration maxAge = Duration.ofSeconds(DEFAULT_MAX_AGE_SECONDS);
        private Duration retention = IdentitySigner.DEFAULT_LIFETIME;
        private Clock clock = Clock.systemUTC();

        private Builder(Supplier<IdentityKeySet> keys) {
            this.keys = keys;
        }

        /** How long verifiers and caches may keep the document ({@code max-age}; default 5 minutes, up to 1 day). */
        public Builder maxAge(Duration maxAge) {
            if (maxAge == null || maxAge.isNegative() || maxAge.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("maxAge must be between 0 and 1 day");
            }
            this.maxAge = maxAge;
            return this;
        }

        /**
         * How long a key that left the set stays published: at least the lifetime of the tokens it signed (default
         * {@link IdentitySigner#DEFAULT_LIFETIME}).
         */
        public Builder keyRetention(Duration retention) {
            if (retention == null || retention.isNegative()) {
                throw new IllegalArgumentException("keyRetention must not be negative");
            }
            this.retention = retention;
            return this;
        }

        Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the servlet.
         *
         * @throws IllegalStateException when the key set holds HS256 secrets only: they are never published
         */
        public LiveChatJwksServlet build() {
            if (publicKeys(keys.get()).isEmpty()) {
                throw new IllegalStateException("the signing keys are HS256 secrets only, and secrets are never"
                        + " published: sign with an asymmetric key (ES256 or EdDSA in a JWK set) to publish a JWK set");
            }
            return new LiveChatJwksServlet(this);
        }
    }
}
