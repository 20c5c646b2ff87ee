package io.lcbridge.core;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URL;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The public keys of another service, fetched from its JWK set URL (for example the
 * {@code /.well-known/lcbridge-jwks.json} a web app publishes), so a verifier elsewhere checks identity tokens
 * without holding the signing secret. Give it to {@link IdentityTokenVerifier#builder(RemoteJwkSet)}.
 *
 * <p>Fetching is Nimbus's {@link JWKSourceBuilder}: the document is cached ({@link Builder#cacheTtl}), refreshed
 * ahead of expiry by the traffic that uses it ({@link Builder#refreshAhead}), kept for a while when the URL is down
 * ({@link Builder#outageTolerance}), and read with short timeouts and a size cap ({@link Builder#maxDocumentBytes}).
 * A token whose {@code kid} is not in the cached document forces one refresh, and such forced refreshes happen at
 * most once per {@link Builder#minRefreshInterval}: a flood of tokens with made-up kids costs the publisher one
 * request per interval, not one per token.
 *
 * <p>Every key taken from the document passes the rules of {@link IdentityKeySet}: its {@code kid} is bound to one
 * algorithm of {@link IdentityAlgorithm} (a declared {@code alg} must be on that list and fit the key type), weak
 * keys and encryption keys are refused. On top of that a remote document never supplies a secret: an {@code oct}
 * (HS256) key is refused, since anyone who can read the URL could then mint tokens; and a {@code kid} that appears
 * more than once is ambiguous and refused. A refused key makes its tokens {@link TokenStatus#UNKNOWN_KEY}, never
 * verified. Only the public half of a key is ever used.
 *
 * <p>Thread-safe. Close it when the application stops (it may own a refresh thread).
 */
public final class RemoteJwkSet implements AutoCloseable {

    /** Default time a fetched document is used before it is fetched again. */
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);
    /** Default window before expiry in which a use of the cache triggers a background refresh. */
    public static final Duration DEFAULT_REFRESH_AHEAD = Duration.ofSeconds(30);
    /** Default shortest time between two refreshes forced by unknown kids. */
    public static final Duration DEFAULT_MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);
    /** Default time the last good document is still used while the URL fails. */
    public static final Duration DEFAULT_OUTAGE_TOLERANCE = Duration.ofHours(1);
    /** Default connect and read timeout of one fetch. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** Default largest document read, in bytes; a larger one is a failed fetch. */
    public static final int DEFAULT_MAX_DOCUMENT_BYTES = 50 * 1024;

    private static final int MAX_CACHED_ENTRIES = 256;

    private final URL url;
    private final JWKSource<SecurityContext> source;
    private final JWKSetSource<SecurityContext> setSource;
    private final long minRefreshIntervalMillis;
    private final AtomicLong nextForcedRefresh = new AtomicLong(Long.MIN_VALUE);
    private final Map<JWK, KeyEntry> entries = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    private RemoteJwkSet(Builder b) {
        this.url = b.url;
        this.minRefreshIntervalMillis = b.minRefreshInterval.toMillis();
        this.clock = b.clock;
        DefaultResourceRetriever retriever = new DefaultResourceRetriever(
                (int) b.timeout.toMillis(), (int) b.timeout.toMillis(), b.maxDocumentBytes);
        long ttl = b.cacheTtl.toMillis();
        JWKSourceBuilder<SecurityContext> builder = JWKSourceBuilder.<SecurityContext>create(b.url, retriever)
                .cache(
                        ttl,
                        Math.min(b.timeout.toMillis() * 2 + 100, Math.max(1, (ttl - b.refreshAhead.toMillis()) / 2)))
                .rateLimited(Math.min(minRefreshIntervalMillis, Math.max(1, ttl - 1)));
        if (b.refreshAhead.isZero()) {
            builder.refreshAheadCache(false);
        } else {
            builder.refreshAheadCache(b.refreshAhead.toMillis(), false);
        }
        if (b.outageTolerance.isZero()) {
            builder.outageTolerant(false);
        } else {
            builder.outageTolerant(b.outageTolerance.toMillis());
        }
        try {
            this.source = builder.build();
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new IllegalArgumentException("remote JWK set settings do not fit together: " + e.getMessage(), e);
        }
        if (!(source instanceof JWKSetBasedJWKSource)) {
            throw new IllegalStateException(
                    "unexpected JWK source " + source.getClass().getName());
        }
        this.setSource = ((JWKSetBasedJWKSource<SecurityContext>) source).getJWKSetSource();
    }

    /**
     * Starts a remote key set for {@code url}: {@code https}, or {@code http} to a loopback address only (keys
     * fetched in clear text over a network could be replaced on the way).
     */
    public static Builder builder(URI url) {
        return new Builder(url);
    }

    /** A remote key set for {@code url} with the default cache, refresh and limit settings. */
    public static RemoteJwkSet create(URI url) {
        return builder(url).build();
    }

    /** The URL the keys are fetched from. */
    public URL url() {
        return url;
    }

    /** The outcome of looking a kid up: the key, or why there is none. */
    record Lookup(@Nullable KeyEntry key, String reason) {}

    /** The key for {@code kid}, refreshing the document at most once per interval when the kid is unknown. */
    Lookup find(String kid) {
        long now = clock.getAsLong();
        JWKSet set;
        try {
            set = setSource.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), now, null);
        } catch (KeySourceException e) {
            return new Lookup(
                    null, "remote key set unavailable (" + e.getClass().getSimpleName() + ")");
        }
        List<JWK> matches = matching(set, kid);
        if (matches.isEmpty() && mayForceRefresh(now)) {
            try {
                set = setSource.getJWKSet(JWKSetCacheRefreshEvaluator.referenceComparison(set), now, null);
                matches = matching(set, kid);
            } catch (RateLimitReachedException e) {
                // Nimbus's own limit: keep the answer from the cached document
            } catch (KeySourceException e) {
                return new Lookup(
                        null, "remote key set unavailable (" + e.getClass().getSimpleName() + ")");
            }
        }
        if (matches.isEmpty()) {
            return new Lookup(null, "kid not in the remote key set");
        }
        if (matches.size() > 1) {
            return new Lookup(null, "kid appears more than once in the remote key set; none of them is used");
        }
        JWK jwk = matches.get(0);
        if (jwk instanceof OctetSequenceKey) {
            return new Lookup(
                    null,
                    "the remote key set offers a secret (oct) key for this kid; secrets are never taken"
                            + " from a JWK set");
        }
        JWK publicJwk = jwk.toPublicJWK();
        if (publicJwk == null) {
            return new Lookup(null, "the remote key set offers no public key for this kid");
        }
        KeyEntry cached = entries.get(publicJwk);
        if (cached != null) {
            return new Lookup(cached, "");
        }
        try {
            KeyEntry entry = IdentityKeySet.fromJwks(List.of(publicJwk)).key(kid);
            if (entries.size() >= MAX_CACHED_ENTRIES) {
                entries.clear();
            }
            entries.put(publicJwk, entry);
            return new Lookup(entry, "");
        } catch (InvalidKeyConfigurationException e) {
            return new Lookup(null, "the remote key for this kid is refused: " + e.getMessage());
        }
    }

    private boolean mayForceRefresh(long now) {
        while (true) {
            long next = nextForcedRefresh.get();
            if (now < next) {
                return false;
            }
            if (nextForcedRefresh.compareAndSet(next, now + minRefreshIntervalMillis)) {
                return true;
            }
        }
    }

    private static List<JWK> matching(JWKSet set, String kid) {
        List<JWK> matches = new ArrayList<>(1);
        for (JWK jwk : set.getKeys()) {
            if (kid.equals(jwk.getKeyID())) {
                matches.add(jwk);
            }
        }
        return matches;
    }

    /** Stops the refresh machinery. */
    @Override
    public void close() {
        try {
            ((JWKSetBasedJWKSource<SecurityContext>) source).close();
        } catch (IOException e) {
            // nothing to release beyond executors, which close does not fail on
        }
    }

    @Override
    public String toString() {
        return "RemoteJwkSet[" + url + "]";
    }

    /** Settings of a {@link RemoteJwkSet}. */
    public static final class Builder {
        private final URL url;
        private Duration cacheTtl = DEFAULT_CACHE_TTL;
        private Duration refreshAhead = DEFAULT_REFRESH_AHEAD;
        private Duration minRefreshInterval = DEFAULT_MIN_REFRESH_INTERVAL;
        private Duration outageTolerance = DEFAULT_OUTAGE_TOLERANCE;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int maxDocumentBytes = DEFAULT_MAX_DOCUMENT_BYTES;
        private LongSupplier clock = System::currentTimeMillis;

        private Builder(URI uri) {
            Objects.requireNonNull(uri, "url");
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !(scheme.equals("http") && isLoopback(uri.getHost()))) {
                throw new IllegalArgumentException(
                        "a JWK set URL must be https (http only to a loopback address such as 127.0.0.1)");
            }
            try {
                this.url = uri.toURL();
            } catch (java.net.MalformedURLException | IllegalArgumentException e) {
                throw new IllegalArgumentException("not a valid JWK set URL");
            }
        }

        private static boolean isLoopback(@Nullable String host) {
            if (host == null) {
                return false;
            }
            if (host.equalsIgnoreCase("localhost")) {
                return true;
            }
            String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            if (!literal.matches("[0-9.]+|[0-9a-fA-F:]+")) {
                return false; // never resolve a name here
            }
            try {
                return InetAddress.getByName(literal).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }

        /** How long a fetched document is used before it is fetched again (default 5 minutes, at least 1 second). */
        public Builder cacheTtl(Duration ttl) {
            this.cacheTtl = atLeast("cacheTtl", ttl, Duration.ofSeconds(1));
            return this;
        }

        /**
         * Window before expiry in which a use of the cache refreshes it in the background (default 30 s; zero turns
         * it off, and every expiry then costs the request that finds it one fetch).
         */
        public Builder refreshAhead(Duration refreshAhead) {
            this.refreshAhead = atLeast("refreshAhead", refreshAhead, Duration.ZERO);
            return this;
        }

        /** Shortest time between two refreshes forced by tokens with an unknown kid (default 30 s). */
        public Builder minRefreshInterval(Duration interval) {
            this.minRefreshInterval = atLeast("minRefreshInterval", interval, Duration.ofMillis(1));
            return this;
        }

        /**
         * How long the last good document is still used while the URL fails (default 1 hour; zero: a failed fetch
         * after expiry leaves no keys).
         */
        public Builder outageTolerance(Duration tolerance) {
            this.outageTolerance = atLeast("outageTolerance", tolerance, Duration.ZERO);
            return this;
        }

        /** Connect and read timeout of one fetch (default 2 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = atLeast("timeout", timeout, Duration.ofMillis(1));
            if (timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("timeout is too long");
            }
            return this;
        }

        /** Largest document read, in bytes (default 50 KiB); a larger one is a failed fetch. */
        public Builder maxDocumentBytes(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxDocumentBytes must be positive");
            }
            this.maxDocumentBytes = bytes;
            return this;
        }

        Builder clock(LongSupplier millis) {
            this.clock = Objects.requireNonNull(millis, "clock");
            return this;
        }

        private static Duration atLeast(String name, Duration value, Duration min) {
            if (value == null || value.compareTo(min) < 0) {
                throw new IllegalArgumentException(name + " must be at least " + min);
            }
            return value;
        }

        /** Builds the key set; nothing is fetched until the first token needs a key. */
        public RemoteJwkSet build() {
            if (!outageTolerance.isZero() && outageTolerance.compareTo(cacheTtl) <= 0) {
                throw new IllegalArgumentException("outageTolerance must be longer than cacheTtl (or zero)");
            }
            if (refreshAhead.compareTo(cacheTtl) >= 0) {
                throw new IllegalArgumentException("refreshAhead must be shorter than cacheTtl");
            }
            return new RemoteJwkSet(this);
        }
    }
}
