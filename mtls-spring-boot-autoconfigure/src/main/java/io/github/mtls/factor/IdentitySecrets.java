package io.github.mtls.factor;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.mtls.identity.ClientIdentity;
import io.github.mtls.identity.ClientSecrets;
import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The client secrets of each identity, stored only as hashes, and their verification.
 * <ul>
 * <li>{@code secret-sha256}: for generated high-entropy secrets (128 bits and more). Brute force
 * is hopeless against such a secret, so a slow hash adds nothing; SHA-256 costs microseconds and
 * is compared in constant time.</li>
 * <li>{@code secret}: {@code {bcrypt}}/{@code {argon2}} hashes in Spring Security's
 * {@code DelegatingPasswordEncoder} format, for human-chosen secrets. Such a hash costs tens of
 * milliseconds by design, so a successful verification is remembered for a bounded time, keyed
 * by an HMAC (with a key that lives only in this process) of identity, certificate and secret: a
 * keep-alive client pays the slow hash once, and a wrong secret is never remembered.</li>
 * </ul>
 * Several values per identity make rotation possible: any listed value matches.
 */
public final class IdentitySecrets {

	private static final int MAXIMUM_REMEMBERED = 10_000;

	private final PasswordEncoder encoder;

	private final @Nullable Cache<String, Boolean> remembered;

	/** One initialised HMAC per thread: the provider lookup and key setup cost more than the MAC itself. */
	private final ThreadLocal<Mac> rememberMac;

	/**
	 * @param encoder verifies the {@code {id}}-prefixed hashes
	 * @param remember how long a successful slow-hash verification is remembered; zero: never
	 * @param clock the time source for remembering
	 */
	public IdentitySecrets(PasswordEncoder encoder, Duration remember, Clock clock) {
		this.encoder = encoder;
		this.remembered = (remember.isZero() || remember.isNegative()) ? null
				: Caffeine.newBuilder()
					.maximumSize(MAXIMUM_REMEMBERED)
					.expireAfterWrite(remember)
					.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
					.build();
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		SecretKeySpec rememberKey = new SecretKeySpec(key, "HmacSHA256");
		this.rememberMac = ThreadLocal.withInitial(() -> {
			try {
				Mac mac = Mac.getInstance("HmacSHA256");
				mac.init(rememberKey);
				return mac;
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	/**
	 * Verifies a presented secret.
	 * @param identity the identity the client certificate authenticated, with its secrets as in
	 * the configuration the request was decided with (a rotated secret counts from its reload)
	 * @param certificateSha256 the certificate's fingerprint, so a remembered verification is
	 * tied to the certificate it was made with
	 * @param secret the presented secret
	 * @return whether it is one of the identity's secrets
	 */
	public boolean matches(ClientIdentity identity, String certificateSha256, String secret) {
		ClientSecrets stored = identity.secrets();
		if (!stored.sha256().isEmpty() && matchesDigest(stored.sha256(), secret)) {
			return true;
		}
		if (stored.encoded().isEmpty()) {
			return false;
		}
		String key = (this.remembered != null) ? rememberKey(identity.name(), stored, certificateSha256, secret) : null;
		if (key != null && this.remembered.getIfPresent(key) != null) {
			return true;
		}
		for (String encoded : stored.encoded()) {
			if (this.encoder.matches(secret, encoded)) {
				if (key != null) {
					this.remembered.put(key, Boolean.TRUE);
				}
				return true;
			}
		}
		return false;
	}

	/** Compares against every stored digest without an early exit, each in constant time. */
	private static boolean matchesDigest(List<byte[]> digests, String secret) {
		byte[] presented = sha256(secret.getBytes(StandardCharsets.UTF_8));
		boolean match = false;
		for (byte[] digest : digests) {
			match |= MessageDigest.isEqual(digest, presented);
		}
		return match;
	}

	/**
	 * Keyed by the identity's stored hashes too: once a reload rotates a secret out, a verification
	 * remembered with the old hashes is never found again.
	 */
	private String rememberKey(String identity, ClientSecrets stored, String certificateSha256, String secret) {
		Mac mac = this.rememberMac.get();
		mac.update(identity.getBytes(StandardCharsets.UTF_8));
		mac.update((byte) 0);
		for (String encoded : stored.encoded()) {
			mac.update(encoded.getBytes(StandardCharsets.UTF_8));
			mac.update((byte) 0);
		}
		mac.update(certificateSha256.getBytes(StandardCharsets.US_ASCII));
		mac.update((byte) 0);
		return Base64.getEncoder().encodeToString(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
	}

	static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
