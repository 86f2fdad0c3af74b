package io.github.mtls.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What a client certificate must carry besides a valid chain ({@code mtls.policy.*}). Whatever the
 * settings, a CA certificate is never a client identity.
 */
@ConfigurationProperties("mtls.policy")
public class PolicyProperties {

	/**
	 * Extended key usage required of client certificates. The default, client-auth, allows
	 * certificates without the extension and requires clientAuth (or anyExtendedKeyUsage) when it
	 * is present. 'any' drops the requirement. Any other list (client-auth, server-auth,
	 * code-signing, email-protection, time-stamping, ocsp-signing, dotted OIDs) is strict: the
	 * extension must be present and list every value; anyExtendedKeyUsage does not stand in.
	 */
	private List<String> extendedKeyUsage = new ArrayList<>(List.of("client-auth"));

	/**
	 * Key usage required of client certificates. The default, digital-signature, allows
	 * certificates without the extension and requires digitalSignature when it is present. 'any'
	 * drops the requirement. Any other list (digital-signature, non-repudiation or
	 * content-commitment, key-encipherment, data-encipherment, key-agreement) is strict: the
	 * extension must be present and set every bit.
	 */
	private List<String> keyUsage = new ArrayList<>(List.of("digital-signature"));

	public List<String> getExtendedKeyUsage() {
		return this.extendedKeyUsage;
	}

	public void setExtendedKeyUsage(List<String> extendedKeyUsage) {
		this.extendedKeyUsage = extendedKeyUsage;
	}

	public List<String> getKeyUsage() {
		return this.keyUsage;
	}

	public void setKeyUsage(List<String> keyUsage) {
		this.keyUsage = keyUsage;
	}

}
