package io.github.mtls.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

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

	/**
	 * Largest request body the mtls endpoint's verify operation (POST) accepts; a larger one is
	 * answered 413 before it is read or parsed. A chain of a few certificates is a few KB of PEM.
	 */
	private DataSize verifyMaxBodySize = DataSize.ofKilobytes(64);

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

	public DataSize getVerifyMaxBodySize() {
		return this.verifyMaxBodySize;
	}

	public void setVerifyMaxBodySize(DataSize verifyMaxBodySize) {
		this.verifyMaxBodySize = verifyMaxBodySize;
	}

}
