package io.lcbridge.core;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The keys identity tokens are signed and verified with, each {@code kid} bound to exactly one
 * {@link IdentityAlgorithm}.
 *
 * <p>Rotation: a set may hold any number of verification keys but at most one <em>active</em>
 * signing key. A set that holds private or secret key material must name exactly one active key:
 * the key whose {@code key_ops} contains {@code sign}, or, when no key declares {@code key_ops},
 * the only key with private material. A key whose {@code key_ops} are declared without {@code sign}
 * never signs. A set of public keys only (for example a JWKS published by another service) verifies
 * but cannot sign.
 *
 * <p>Refused at load time, with a message naming the {@code kid}: {@code none} and any algorithm
 * not in {@link IdentityAlgorithm}, keys whose type does not fit their algorithm, secrets under
 * 256 bits or with trivially low entropy (see below), RSA under 2048 bits, curves other than P-256
 * and Ed25519, Ed25519 public keys of small order or in a non-canonical encoding (such a key accepts
 * forged signatures), encryption keys, missing or duplicate kids.
 *
 * <p>Low entropy: an HS256 secret is refused when it holds fewer than 16 distinct byte values, repeats
 * a sequence of at most half its length, or counts up or down in equal steps. A random secret fails
 * this with a probability below 2<sup>-54</sup>; a typed phrase, a short hex string or all-zero
 * bytes fail it. The message says which rule failed, never the secret.
 *
 * <p>{@link #toString()} names kids and algorithms only, never key material.
 */
public final class IdentityKeySet {

    /** Shortest accepted HS256 secret, in bytes. */
    public static final int MIN_SECRET_BYTES = 32;

    static final Pattern KID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final Map<String, KeyEntry> keys;
    private final KeyEntry active;

    private IdentityKeySet(Map<String, KeyEntry> keys, KeyEntry active) {
        this.keys = Collections.unmodifiableMap(keys);
        this.active = active;
    }

    /**
     * A one-key set from an HS256 secret given as base64 or base64url (padding optional) of at least
     * {@value #MIN_SECRET_BYTES} random bytes. Its kid is derived from a hash of the secret, so every
     * node configured with the same secret agrees on it.
     */
    public static IdentityKeySet fromHs256Secret(String encodedSecret) {
        if (encodedSecret == null || encodedSecret.isBlank()) {
            throw new InvalidKeyConfigurationException("HS256 secret is empty. " + howToGenerateSecret());
        }
        byte[] secret = decodeBase64(encodedSecret.strip());
        if (secret.length < MIN_SECRET_BYTES) {
            throw new InvalidKeyConfigurationException("HS256 secret is " + secret.length
                    + " bytes; at least " + MIN_SECRET_BYTES + " random bytes (256 bits) are required. "
                    + howToGenerateSecret());
        }
        String weakness = SecretStrength.weakness(secret);
        if (weakness != null) {
            throw new InvalidKeyConfigurationException("HS256 secret has trivially low entropy: " + weakness
                    + "; use random bytes. " + howToGenerateSecret());
        }
        String kid = "hs256-"
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(sha256(secret))
                        .substring(0, 12);
        OctetSequenceKey jwk = new OctetSequenceKey.Builder(secret)
                .keyID(kid)
                .algorithm(JWSAlgorithm.HS256)
                .keyUse(KeyUse.SIGNATURE)
                .build();
        KeyEntry entry = KeyEntry.of(kid, IdentityAlgorithm.HS256, jwk);
        Map<String, KeyEntry> map = new LinkedHashMap<>();
        map.put(kid, entry);
        return new IdentityKeySet(map, entry);
    }

    /** Loads a JWK set (JSON text {@code {"keys":[...]}}); see the class description for the rules. */
    public static IdentityKeySet fromJwkSet(String jwkSetJson) {
        if (jwkSetJson == null || jwkSetJson.isBlank()) {
            throw new InvalidKeyConfigurationException("JWK set is empty");
        }
        JWKSet set;
        try {
            set = JWKSet.parse(jwkSetJson);
        } catch (ParseException e) {
            throw new InvalidKeyConfigurationException("JWK set is not valid JSON JWK set: " + safeReason(e));
        }
        return fromJwks(set.getKeys());
    }

    /** Loads keys already parsed by Nimbus, with the same rules as {@link #fromJwkSet(String)}. */
    public static IdentityKeySet fromJwks(List<JWK> jwks) {
        if (jwks.isEmpty()) {
            throw new InvalidKeyConfigurationException("JWK set holds no keys");
        }
        Map<String, KeyEntry> map = new LinkedHashMap<>();
        List<KeyEntry> declaredSigners = new ArrayList<>();
        List<KeyEntry> privateKeys = new ArrayList<>();
        boolean anyKeyOps = false;
        for (JWK jwk : jwks) {
            String kid = jwk.getKeyID();
            if (kid == null || kid.isBlank()) {
                throw new InvalidKeyConfigurationException(
                        "a " + jwk.getKeyType() + " key has no kid; every key needs one");
            }
            if (!KID.matcher(kid).matches()) {
                throw new InvalidKeyConfigurationException(
                        "kid must be 1-64 characters of A-Z a-z 0-9 . _ : - (a key has an invalid kid)");
            }
            if (map.containsKey(kid)) {
                throw new InvalidKeyConfigurationException("kid '" + kid + "' appears twice");
            }
            if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
                throw new InvalidKeyConfigurationException("kid '" + kid + "' has use '"
                        + jwk.getKeyUse().identifier() + "'; identity keys must be signature keys (use: sig)");
            }
            IdentityAlgorithm algorithm = algorithmOf(kid, jwk);
            checkStrength(kid, algorithm, jwk);
            KeyEntry entry = KeyEntry.of(kid, algorithm, jwk);
            map.put(kid, entry);
            Set<KeyOperation> ops = jwk.getKeyOperations();
            if (ops != null) {
                anyKeyOps = true;
                if (ops.contains(KeyOperation.SIGN)) {
                    declaredSigners.add(entry);
                }
            }
            if (entry.canSign() && (ops == null || ops.contains(KeyOperation.SIGN))) {
                // a key whose declared key_ops exclude "sign" only ever verifies
                privateKeys.add(entry);
            }
        }
        KeyEntry active;
        if (anyKeyOps && !declaredSigners.isEmpty()) {
            if (declaredSigners.size() > 1) {
                throw new InvalidKeyConfigurationException("more than one key has key_ops 'sign' ("
                        + kids(declaredSigners) + "); exactly one key may be the active signing key");
            }
            active = declaredSigners.get(0);
            if (!active.canSign()) {
                throw new InvalidKeyConfigurationException(
                        "kid '" + active.kid() + "' is marked for signing (key_ops 'sign') but holds no private key");
            }
        } else if (privateKeys.isEmpty()) {
            active = null; // verification-only set
        } else if (privateKeys.size() == 1) {
            active = privateKeys.get(0);
        } else {
            throw new InvalidKeyConfigurationException(
                    "several keys hold private material (" + kids(privateKeys)
                            + "); mark the active signing key with \"key_ops\":[\"sign\",\"verify\"] and the others with [\"verify\"]");
        }
        return new IdentityKeySet(map, active);
    }

    /** The kid new tokens are signed with, if this set can sign. */
    public Optional<String> activeKeyId() {
        return Optional.ofNullable(active).map(KeyEntry::kid);
    }

    /** Every kid this set verifies, in load order. */
    public Set<String> keyIds() {
        return keys.keySet();
    }

    /** The algorithm bound to {@code kid}, if the set holds it. */
    public Optional<IdentityAlgorithm> algorithm(String kid) {
        return Optional.ofNullable(keys.get(kid)).map(KeyEntry::algorithm);
    }

    /**
     * The public keys of this set as a JWK set JSON, for a verifier running elsewhere. Declared
     * {@code key_ops} become {@code ["verify"]}, so the result loads as a verification-only set.
     *
     * @throws IllegalStateException when the set holds only symmetric (oct) keys, which must never be published
     */
    public String publicJwkSetJson() {
        List<JWK> publicKeys = new ArrayList<>();
        for (KeyEntry entry : keys.values()) {
            JWK pub = entry.jwk().toPublicJWK();
            if (pub != null) {
                publicKeys.add(verifyOnly(pub));
            }
        }
        if (publicKeys.isEmpty()) {
            throw new IllegalStateException(
                    "the key set holds only symmetric (oct) keys: there is no public key to publish; "
                            + "use an asymmetric key (ES256, EdDSA, RS256) for verifiers that must not hold the signing secret");
        }
        return new JWKSet(publicKeys).toString(true);
    }

    /** A public key can only verify: a copied {@code key_ops} "sign" would make the published set unloadable. */
    private static JWK verifyOnly(JWK publicKey) {
        if (publicKey.getKeyOperations() == null
                || !publicKey.getKeyOperations().contains(KeyOperation.SIGN)) {
            return publicKey;
        }
        Map<String, Object> json = publicKey.toJSONObject();
        json.put("key_ops", List.of(KeyOperation.VERIFY.identifier()));
        try {
            return JWK.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("cannot publish kid '" + publicKey.getKeyID() + "'", e);
        }
    }

    KeyEntry activeKey() {
        return active;
    }

    KeyEntry key(String kid) {
        return keys.get(kid);
    }

    Iterable<KeyEntry> entries() {
        return keys.values();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("IdentityKeySet[");
        boolean first = true;
        for (KeyEntry e : keys.values()) {
            sb.append(first ? "" : ", ")
                    .append(e.kid())
                    .append('=')
                    .append(e.algorithm().joseName());
            if (e == active) {
                sb.append("(active)");
            }
            first = false;
        }
        return sb.append(']').toString();
    }

    private static IdentityAlgorithm algorithmOf(String kid, JWK jwk) {
        if (jwk.getAlgorithm() != null) {
            String name = jwk.getAlgorithm().getName();
            IdentityAlgorithm declared = IdentityAlgorithm.fromJoseName(name)
                    .orElseThrow(() -> new InvalidKeyConfigurationException("kid '" + kid + "' declares algorithm '"
                            + name + "', which is not allowed; allowed: HS256, ES256, EdDSA, RS256, PS256"));
            IdentityAlgorithm byType = defaultAlgorithm(kid, jwk);
            boolean fits =
                    declared == byType || (declared == IdentityAlgorithm.PS256 && byType == IdentityAlgorithm.RS256);
            if (!fits) {
                throw new InvalidKeyConfigurationException(
                        "kid '" + kid + "' declares algorithm " + name + " but is a " + describe(jwk) + " key");
            }
            return declared;
        }
        return defaultAlgorithm(kid, jwk);
    }

    private static IdentityAlgorithm defaultAlgorithm(String kid, JWK jwk) {
        if (jwk instanceof OctetSequenceKey) {
            return IdentityAlgorithm.HS256;
        }
        if (jwk instanceof ECKey) {
            if (!Curve.P_256.equals(((ECKey) jwk).getCurve())) {
                throw new InvalidKeyConfigurationException("kid '" + kid + "' is an EC key on curve "
                        + ((ECKey) jwk).getCurve() + "; only P-256 (ES256) is allowed");
            }
            return IdentityAlgorithm.ES256;
        }
        if (jwk instanceof OctetKeyPair) {
            if (!Curve.Ed25519.equals(((OctetKeyPair) jwk).getCurve())) {
                throw new InvalidKeyConfigurationException("kid '" + kid + "' is an OKP key on curve "
                        + ((OctetKeyPair) jwk).getCurve() + "; only Ed25519 (EdDSA) is allowed");
            }
            return IdentityAlgorithm.EDDSA;
        }
        if (jwk instanceof RSAKey) {
            return IdentityAlgorithm.RS256;
        }
        throw new InvalidKeyConfigurationException("kid '" + kid + "' has unsupported key type " + jwk.getKeyType());
    }

    private static void checkStrength(String kid, IdentityAlgorithm algorithm, JWK jwk) {
        if (algorithm == IdentityAlgorithm.HS256) {
            int bytes = ((OctetSequenceKey) jwk).toByteArray().length;
            if (bytes < MIN_SECRET_BYTES) {
                throw new InvalidKeyConfigurationException("kid '" + kid + "' is an HS256 secret of " + bytes
                        + " bytes; at least " + MIN_SECRET_BYTES + " are required. " + howToGenerateSecret());
            }
            String weakness = SecretStrength.weakness(((OctetSequenceKey) jwk).toByteArray());
            if (weakness != null) {
                throw new InvalidKeyConfigurationException("kid '" + kid
                        + "' is an HS256 secret with trivially low entropy: " + weakness + "; use random bytes. "
                        + howToGenerateSecret());
            }
        } else if (algorithm == IdentityAlgorithm.EDDSA) {
            Ed25519PublicKeyCheck.refuseWeak(kid, ((OctetKeyPair) jwk).getX().decode());
        } else if (jwk instanceof RSAKey && jwk.size() < 2048) {
            throw new InvalidKeyConfigurationException(
                    "kid '" + kid + "' is an RSA key of " + jwk.size() + " bits; at least 2048 are required");
        }
    }

    private static String describe(JWK jwk) {
        if (jwk instanceof ECKey) {
            return "EC " + ((ECKey) jwk).getCurve();
        }
        if (jwk instanceof OctetKeyPair) {
            return "OKP " + ((OctetKeyPair) jwk).getCurve();
        }
        return jwk.getKeyType().getValue();
    }

    private static String kids(List<KeyEntry> entries) {
        StringBuilder sb = new StringBuilder();
        for (KeyEntry e : entries) {
            sb.append(sb.length() == 0 ? "" : ", ").append(e.kid());
        }
        return sb.toString();
    }

    static String howToGenerateSecret() {
        return "Generate one with 'openssl rand -base64 32' or 'java -jar lcbridge-cli.jar keys generate --alg HS256'.";
    }

    private static String safeReason(ParseException e) {
        // Nimbus parse messages describe structure, but may quote input; keep only the first clause.
        String m = String.valueOf(e.getMessage());
        int colon = m.indexOf(':');
        return colon > 0 ? m.substring(0, colon) : m;
    }

    private static byte[] decodeBase64(String text) {
        String normalized = text.replaceAll("\\s", "").replace('-', '+').replace('_', '/');
        try {
            return Base64.getDecoder().decode(pad(normalized));
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyConfigurationException(
                    "HS256 secret is not valid base64 or base64url. " + howToGenerateSecret());
        }
    }

    private static String pad(String s) {
        int mod = s.length() % 4;
        return mod == 0 ? s : s + "====".substring(mod);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
