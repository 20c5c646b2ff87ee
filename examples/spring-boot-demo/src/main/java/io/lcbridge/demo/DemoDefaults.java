package io.lcbridge.demo;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the demo run with nothing configured, without hiding anything: whatever the user did not
 * set gets a demo value, added as the lowest-priority property source, and each one is announced
 * at start-up ({@link DemoBanner}).
 * <ul>
 *   <li>no {@code livechat.license} / {@code livechat.organization-id}: a demo license number, and the
 *       widget script points at the demo's own offline stand-in ({@code /demo/tracking.js});
 *       with a license set (e.g. {@code LIVECHAT_LICENSE}) the real LiveChat widget loads;</li>
 *   <li>no {@code livechat.signing.secret} / {@code jwk-set}: a random HS256 key, new at every start; with
 *       {@code --livechat.signing.publish-jwks=true} a random ES256 key pair instead, since an HS256 secret is never
 *       published and the JWK set at {@code /.well-known/lcbridge-jwks.json} needs a public key;</li>
 *   <li>no {@code livechat.webhook.secret-keys}: a random webhook secret, used by the playground.</li>
 * </ul>
 */
final class DemoDefaults implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    static final String SOURCE_NAME = "lcbridgeDemoDefaults";

    /** License number the demo uses when none is configured; any number works for the offline preview. */
    static final String DEMO_LICENSE = "19000000";

    /** What was generated or defaulted at this start, for the start-up banner. */
    static final String NOTES_PROPERTY = "demo.defaults.notes";

    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment env = event.getEnvironment();
        Map<String, Object> defaults = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        if (!env.containsProperty("livechat.license") && !env.containsProperty("livechat.organization-id")) {
            defaults.put("livechat.license", DEMO_LICENSE);
            if (!env.containsProperty("livechat.widget.script-url")) {
                defaults.put("livechat.widget.script-url", "/demo/tracking.js");
            }
            notes.add("offline-preview");
        }
        if (!env.containsProperty("livechat.signing.secret") && !env.containsProperty("livechat.signing.jwk-set")) {
            if (Boolean.parseBoolean(env.getProperty("livechat.signing.publish-jwks", "false"))) {
                defaults.put("livechat.signing.jwk-set", randomEs256JwkSet());
            } else {
                defaults.put("livechat.signing.secret", randomSecret());
            }
            notes.add("generated-signing-key");
        }
        if (!env.containsProperty("livechat.webhook.secret-keys")
                && !env.containsProperty("livechat.webhook.secret-keys[0]")) {
            defaults.put("livechat.webhook.secret-keys", randomSecret());
            notes.add("generated-webhook-secret");
        }
        defaults.put(NOTES_PROPERTY, String.join(",", notes));
        env.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
    }

    /** A fresh ES256 key pair as a JWK set (kid {@code demo-es256}), to sign with and publish the public half of. */
    static String randomEs256JwkSet() {
        try {
            return new JWKSet(new ECKeyGenerator(Curve.P_256)
                            .keyID("demo-es256")
                            .algorithm(JWSAlgorithm.ES256)
                            .keyUse(KeyUse.SIGNATURE)
                            .generate())
                    .toString(false);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an ES256 key", e);
        }
    }

    /** 32 random bytes, base64url: an HS256 secret (also fine as a webhook secret). */
    static String randomSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
