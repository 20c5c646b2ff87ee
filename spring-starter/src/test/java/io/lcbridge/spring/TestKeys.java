package io.lcbridge.spring;

/** Test-only key material (generated for these tests, used nowhere else). */
final class TestKeys {

    /** One ES256 key pair, kid {@code ec-1}; the same set as {@code classpath:keys/ec-jwk-set.json}. */
    static final String EC_JWK_SET =
            "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"ec-1\",\"alg\":\"ES256\",\"use\":\"sig\",\"d\":\"MwK4L8EV60K0VDM-1GPJ3iS05VleXgEuKeuKTjvROmI\",\"x\":\"gNxXZVF6GK2nhIO-VrBLKt1hWpf_1-nA7AevkPOYE3w\",\"y\":\"IBoGtNgRK0yeNAs9hNLjmTlZME6WHa9GJi2a_3EaSog\"}]}";

    private TestKeys() {}
}
