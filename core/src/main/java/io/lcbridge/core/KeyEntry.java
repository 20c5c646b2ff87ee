package io.lcbridge.core;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * One key of a set, bound to one algorithm, with its precomputed token header and its
 * signing/verifying primitives. HS256 runs on a per-thread {@link Mac}; the asymmetric algorithms
 * use Nimbus's JCA/Tink implementations (which convert ECDSA signatures to JOSE form).
 */
final class KeyEntry {

    private final String kid;
    private final IdentityAlgorithm algorithm;
    private final JWK jwk;
    private final JWSHeader header;
    private final String encodedHeader;
    private final Primitive primitive;

    private KeyEntry(String kid, IdentityAlgorithm algorithm, JWK jwk, Primitive primitive) {
        this.kid = kid;
        this.algorithm = algorithm;
        this.jwk = jwk;
        this.primitive = primitive;
        this.header = new JWSHeader.Builder(JWSAlgorithm.parse(algorithm.joseName()))
                .type(new JOSEObjectType(IdentityTokens.TYPE))
                .keyID(kid)
                .build();
        String json = "{\"typ\":\"" + IdentityTokens.TYPE + "\",\"alg\":\"" + algorithm.joseName() + "\",\"kid\":\""
                + kid + "\"}";
        this.encodedHeader =
                Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.US_ASCII));
    }

    static KeyEntry of(String kid, IdentityAlgorithm algorithm, JWK jwk) {
        if (algorithm == IdentityAlgorithm.EDDSA) {
            Ed25519Support.require(kid);
        }
        try {
            KeyEntry entry = new KeyEntry(kid, algorithm, jwk, primitive(algorithm, jwk));
            entry.checkPairMatches();
            return entry;
        } catch (JOSEException e) {
            throw new InvalidKeyConfigurationException("kid '" + kid + "' cannot be used for " + algorithm.joseName()
                    + ": " + e.getClass().getSimpleName());
        } catch (NoClassDefFoundError e) {
            if (algorithm != IdentityAlgorithm.EDDSA) {
                throw e;
            }
            throw Ed25519Support.missing(kid);
        }
    }

    /**
     * A private key whose public half belongs to another key would sign tokens nobody can verify:
     * refuse it at load time with one sign-then-verify round.
     */
    private void checkPairMatches() {
        if (!canSign() || algorithm == IdentityAlgorithm.HS256) {
            return;
        }
        byte[] probe = "lcbridge key self-test".getBytes(StandardCharsets.US_ASCII);
        if (!verify(probe, sign(probe))) {
            throw new InvalidKeyConfigurationException("kid '" + kid
                    + "': the private key does not match its public key (a signature it makes does not verify)");
        }
    }

    String kid() {
        return kid;
    }

    IdentityAlgorithm algorithm() {
        return algorithm;
    }

    JWK jwk() {
        return jwk;
    }

    String encodedHeader() {
        return encodedHeader;
    }

    boolean canSign() {
        return primitive.canSign();
    }

    /** Signature over the ASCII signing input, base64url without padding. */
    String sign(byte[] signingInput) {
        return primitive.sign(header, signingInput);
    }

    /** Whether {@code signature} (base64url) is this key's signature of {@code signingInput}. */
    boolean verify(byte[] signingInput, String signature) {
        return primitive.verify(header, signingInput, signature);
    }

    private static Primitive primitive(IdentityAlgorithm algorithm, JWK jwk) throws JOSEException {
        switch (algorithm) {
            case HS256:
                return new HmacSha256(((OctetSequenceKey) jwk).toByteArray());
            case ES256: {
                ECKey key = (ECKey) jwk;
                return new LowSEcdsa(new NimbusPrimitive(
                        key.isPrivate() ? new ECDSASigner(key) : null, new ECDSAVerifier(key.toPublicJWK())));
            }
            case EDDSA: {
                OctetKeyPair key = (OctetKeyPair) jwk;
                return new NimbusPrimitive(
                        key.isPrivate() ? new Ed25519Signer(key) : null, new Ed25519Verifier(key.toPublicJWK()));
            }
            case RS256:
            case PS256: {
                RSAKey key = (RSAKey) jwk;
                return new NimbusPrimitive(
                        key.isPrivate() ? new RSASSASigner(key) : null, new RSASSAVerifier(key.toPublicJWK()));
            }
            default:
                throw new IllegalStateException("unhandled algorithm " + algorithm);
        }
    }

    private interface Primitive {
        boolean canSign();

        String sign(JWSHeader header, byte[] input);

        boolean verify(JWSHeader header, byte[] input, String signature);
    }

    /** HS256 on a per-thread initialised Mac: no provider look-up per token. */
    private static final class HmacSha256 implements Primitive {
        private final ThreadLocal<Mac> mac;

        HmacSha256(byte[] secret) {
            SecretKeySpec spec = new SecretKeySpec(secret, "HmacSHA256");
            this.mac = ThreadLocal.withInitial(() -> {
                try {
                    Mac m = Mac.getInstance("HmacSHA256");
                    m.init(spec);
                    return m;
                } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                    throw new IllegalStateException("HmacSHA256 unavailable", e);
                }
            });
            mac.get();
        }

        @Override
        public boolean canSign() {
            return true;
        }

        @Override
        public String sign(JWSHeader header, byte[] input) {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.get().doFinal(input));
        }

        @Override
        public boolean verify(JWSHeader header, byte[] input, String signature) {
            byte[] given;
            try {
                given = Base64.getUrlDecoder().decode(signature);
            } catch (IllegalArgumentException e) {
                return false;
            }
            return MessageDigest.isEqual(mac.get().doFinal(input), given);
        }
    }

    /**
     * ES256 without malleability: for every ECDSA signature {@code (r, s)} the pair {@code (r, n − s)}
     * verifies too, so one signed token would have two valid spellings. Only the low form
     * ({@code s ≤ n/2}) is accepted, and signatures made here are brought into it.
     */
    static final class LowSEcdsa implements Primitive {
        /** Order of the P-256 group. */
        static final BigInteger N =
                new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

        private static final BigInteger HALF_N = N.shiftRight(1);

        private final Primitive ecdsa;

        LowSEcdsa(Primitive ecdsa) {
            this.ecdsa = ecdsa;
        }

        @Override
        public boolean canSign() {
            return ecdsa.canSign();
        }

        @Override
        public String sign(JWSHeader header, byte[] input) {
            byte[] rs = Base64.getUrlDecoder().decode(ecdsa.sign(header, input));
            BigInteger s = new BigInteger(1, Arrays.copyOfRange(rs, 32, 64));
            if (s.compareTo(HALF_N) > 0) {
                byte[] low = N.subtract(s).toByteArray();
                Arrays.fill(rs, 32, 64, (byte) 0);
                int len = Math.min(low.length, 32);
                System.arraycopy(low, low.length - len, rs, 64 - len, len);
            }
            return Base64.getUrlEncoder().withoutPadding().encodeToString(rs);
        }

        @Override
        public boolean verify(JWSHeader header, byte[] input, String signature) {
            byte[] rs;
            try {
                rs = Base64.getUrlDecoder().decode(signature);
            } catch (IllegalArgumentException e) {
                return false;
            }
            if (rs.length != 64 || new BigInteger(1, Arrays.copyOfRange(rs, 32, 64)).compareTo(HALF_N) > 0) {
                return false;
            }
            return ecdsa.verify(header, input, signature);
        }

        /** Whether the base64url ES256 {@code signature} is in low-S form. */
        static boolean isLowS(String signature) {
            byte[] rs = Base64.getUrlDecoder().decode(signature);
            return rs.length == 64 && new BigInteger(1, Arrays.copyOfRange(rs, 32, 64)).compareTo(HALF_N) <= 0;
        }
    }

    private static final class NimbusPrimitive implements Primitive {
        private final JWSSigner signer;
        private final JWSVerifier verifier;

        NimbusPrimitive(JWSSigner signer, JWSVerifier verifier) {
            this.signer = signer;
            this.verifier = verifier;
        }

        @Override
        public boolean canSign() {
            return signer != null;
        }

        @Override
        public String sign(JWSHeader header, byte[] input) {
            try {
                return signer.sign(header, input).toString();
            } catch (JOSEException e) {
                throw new IllegalStateException(
                        "signing failed: " + e.getClass().getSimpleName(), e);
            }
        }

        @Override
        public boolean verify(JWSHeader header, byte[] input, String signature) {
            try {
                return verifier.verify(header, input, new Base64URL(signature));
            } catch (JOSEException | RuntimeException e) {
                return false;
            }
        }
    }
}
