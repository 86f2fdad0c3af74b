package io.github.mtls.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Actuator access and the {@code mtls} endpoint ({@code mtls.actuator.*}).
 */
@ConfigurationProperties("mtls.actuator")
public class ActuatorProperties {

	/**
	 * Authority an identity needs for every Actuator endpoint other than health, and to see health
	 * details. Health itself answers any authenticated identity.
	 */
	private String authority = "ACTUATOR";

	/**
	 * How many distinct certificates that matched no pinned identity (refused in the handshake or after it)
	 * are remembered (with counts) for the mtls endpoint; the least recently seen is dropped.
	 */
	private int unmatchedCertificates = 10;

	public String getAuthority() {
		return this.authority;
	}

	public void setAuthority(String authority) {
		this.authority = authority;
	}

	public int getUnmatchedCertificates() {
		return this.unmatchedCertificates;
	}

	public void setUnmatchedCertificates(int unmatchedCertificates) {
		this.unmatchedCertificates = unmatchedCertificates;
	}

}
