package io.lcbridge.core;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.JSONObjectUtils;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;

/** Builds hand-made compact JWS strings for attack tests: any header, any payload, any key. */
final class TokenForge {

    private TokenForge() {}

    static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    static Map<String, Object> json(String part) {
        try {
            return JSONObjectUtils.parse(decode(part));
        } catch (ParseException e) {
            throw new AssertionError("not JSON: " + decode(part), e);
        }
    }

    static String header(String alg, String kid) {
        return "{\"typ\":\"" + IdentityTokens.TYPE + "\",\"alg\":\"" + alg + "\",\"kid\":\"" + kid + "\"}";
    }

    /** Claims for subject {@code sub} with one variable, for {@link TestKeys#AUDIENCE}. */
    static String claims(String sub, long iat, long exp) {
        return "{\"sub\":\"" + sub + "\",\"vars\":{\"plan\":\"pro\"},\"aud\":\"" + TestKeys.AUDIENCE
                + "\",\"iss\":\"lcbridge\",\"iat\":" + iat + ",\"exp\":" + exp + "}";
    }

    static String unsigned(String headerJson, String claimsJson) {
        return b64(headerJson) + "." + b64(claimsJson);
    }

    /** HMAC-SHA256 over header.payload with arbitrary key bytes. */
    static String hs256(byte[] key, String headerJson, String claimsJson) {
        return hmac("HmacSHA256", key, headerJson, claimsJson);
    }

    /** Any JCA HMAC over header.payload with arbitrary key bytes (no key-length rules). */
    static String hmac(String jcaAlgorithm, byte[] key, String headerJson, String claimsJson) {
        String input = unsigned(headerJson, claimsJson);
        try {
            Mac mac = Mac.getInstance(jcaAlgorithm);
            mac.init(new SecretKeySpec(key, jcaAlgorithm));
            return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs header.payload with {@code jwk} under {@code alg}, whatever the header says (ES256 in low-S form). */
    static String sign(JWK jwk, JWSAlgorithm alg, String headerJson, String claimsJson) {
        String input = unsigned(headerJson, claimsJson);
        String token;
        try {
            token = input + "."
                    + new DefaultJWSSignerFactory()
                            .createJWSSigner(jwk, alg)
                            .sign(new JWSHeader(alg), input.getBytes(StandardCharsets.US_ASCII));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        if (JWSAlgorithm.ES256.equals(alg)) {
            // Nimbus leaves s as the JCA made it; the verifier accepts only the low form
            java.math.BigInteger s = Es256LowSTest.s(token);
            java.math.BigInteger n = KeyEntry.LowSEcdsa.N;
            return s.compareTo(n.shiftRight(1)) > 0 ? Es256LowSTest.withS(token, n.subtract(s)) : token;
        }
        return token;
    }

    /** Signs with {@code jwk} under the algorithm the key set binds to it, with our exact header. */
    static String signProperly(JWK jwk, IdentityAlgorithm alg, String claimsJson) {
        return sign(jwk, JWSAlgorithm.parse(alg.joseName()), header(alg.joseName(), jwk.getKeyID()), claimsJson);
    }
}
