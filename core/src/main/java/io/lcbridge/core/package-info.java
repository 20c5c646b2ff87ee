/**
 * The identity token contract both sides of the bridge share: who the visitor is, signed on the page side and
 * verified when LiveChat's webhooks come back. No servlet, HTML or LiveChat API code lives here.
 *
 * <p>{@link io.lcbridge.core.CustomerIdentity} is the identity (subject, name, email, session variables) within
 * LiveChat's limits; {@link io.lcbridge.core.IdentityKeySet} loads the signing and verification keys (a JWK set or
 * one HS256 secret) and refuses weak or unknown ones ({@link io.lcbridge.core.InvalidKeyConfigurationException});
 * {@link io.lcbridge.core.IdentitySigner} mints the compact JWS ({@link io.lcbridge.core.SignedIdentity});
 * {@link io.lcbridge.core.IdentityTokenVerifier} checks one against keys, audience and time and answers with a
 * {@link io.lcbridge.core.TokenVerification} whose {@link io.lcbridge.core.TokenStatus} says whether it can be
 * trusted. {@link io.lcbridge.core.IdentityTokens} names the contract's fixed strings.
 *
 * <p>Every type here is immutable or thread-safe; nothing logs or throws a secret or a token.
 */
@NullMarked
package io.lcbridge.core;

import org.jspecify.annotations.NullMarked;
