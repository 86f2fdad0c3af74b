package io.github.mtls.identity;

import java.util.Arrays;
import java.util.List;

/**
 * One identity's client secrets, stored only as hashes ({@code mtls.identities.<name>.secret-sha256}
 * and {@code secret}), compiled with the identity so a rotated secret takes effect with the
 * snapshot that carries it.
 *
 * @param sha256 SHA-256 digests of generated secrets (32 bytes each)
 * @param encoded {@code {id}}-prefixed slow password hashes
 */
public record ClientSecrets(List<byte[]> sha256, List<String> encoded) {

	/** No secret. */
	public static final ClientSecrets NONE = new ClientSecrets(List.of(), List.of());

	public ClientSecrets {
		sha256 = sha256.stream().map(byte[]::clone).toList();
		encoded = List.copyOf(encoded);
	}

	public boolean isEmpty() {
		return this.sha256.isEmpty() && this.encoded.isEmpty();
	}

	/** By content, so a reload that rotates a digest shows the identity as changed. */
	@Override
	public boolean equals(Object other) {
		if (!(other instanceof ClientSecrets that) || that.sha256.size() != this.sha256.size()
				|| !that.encoded.equals(this.encoded)) {
			return false;
		}
		for (int i = 0; i < this.sha256.size(); i++) {
			if (!Arrays.equals(this.sha256.get(i), that.sha256.get(i))) {
				return false;
			}
		}
		return true;
	}

	@Override
	public int hashCode() {
		int hash = this.encoded.hashCode();
		for (byte[] digest : this.sha256) {
			hash = 31 * hash + Arrays.hashCode(digest);
		}
		return hash;
	}

	/** No credentials in logs, even hashed ones. */
	@Override
	public String toString() {
		return "ClientSecrets[" + this.sha256.size() + " sha256, " + this.encoded.size() + " encoded]";
	}

}
