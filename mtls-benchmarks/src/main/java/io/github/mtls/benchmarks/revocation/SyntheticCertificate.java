package io.github.mtls.benchmarks.revocation;

import java.math.BigInteger;
import java.security.Principal;
import java.security.PublicKey;
import java.util.Date;
import java.util.Set;

import javax.security.auth.x500.X500Principal;

import org.jspecify.annotations.Nullable;

/**
 * A stand-in for a client certificate that carries only what the revocation checker reads (serial,
 * issuer, subject, no extensions): a million real certificates would not fit in a benchmark's
 * heap, and the cached lookup never looks further. Its status comes from a real, signed CRL.
 */
final class SyntheticCertificate extends java.security.cert.X509Certificate {

	private final BigInteger serial;

	private final X500Principal issuer;

	private final X500Principal subject;

	SyntheticCertificate(BigInteger serial, X500Principal issuer, X500Principal subject) {
		this.serial = serial;
		this.issuer = issuer;
		this.subject = subject;
	}

	@Override
	public BigInteger getSerialNumber() {
		return this.serial;
	}

	@Override
	public X500Principal getIssuerX500Principal() {
		return this.issuer;
	}

	@Override
	public X500Principal getSubjectX500Principal() {
		return this.subject;
	}

	@Override
	public @Nullable byte[] getExtensionValue(String oid) {
		return null;
	}

	@Override
	public void verify(PublicKey key) {
		// Stands for a chain the TLS handshake has already validated.
	}

	@Override
	public void verify(PublicKey key, String provider) {
	}

	@Override
	public void checkValidity() {
	}

	@Override
	public void checkValidity(Date date) {
	}

	@Override
	public int getVersion() {
		return 3;
	}

	@Override
	public Principal getIssuerDN() {
		return this.issuer;
	}

	@Override
	public Principal getSubjectDN() {
		return this.subject;
	}

	@Override
	public Date getNotBefore() {
		return new Date(0);
	}

	@Override
	public Date getNotAfter() {
		return new Date(Long.MAX_VALUE);
	}

	@Override
	public byte[] getTBSCertificate() {
		return new byte[0];
	}

	@Override
	public byte[] getSignature() {
		return new byte[0];
	}

	@Override
	public String getSigAlgName() {
		return "none";
	}

	@Override
	public String getSigAlgOID() {
		return "0.0";
	}

	@Override
	public byte @Nullable [] getSigAlgParams() {
		return null;
	}

	@Override
	public boolean @Nullable [] getIssuerUniqueID() {
		return null;
	}

	@Override
	public boolean @Nullable [] getSubjectUniqueID() {
		return null;
	}

	@Override
	public boolean @Nullable [] getKeyUsage() {
		return null;
	}

	@Override
	public int getBasicConstraints() {
		return -1;
	}

	@Override
	public byte[] getEncoded() {
		return this.serial.toByteArray();
	}

	@Override
	public @Nullable PublicKey getPublicKey() {
		return null;
	}

	@Override
	public String toString() {
		return "SyntheticCertificate[" + this.serial.toString(16) + "]";
	}

	@Override
	public boolean hasUnsupportedCriticalExtension() {
		return false;
	}

	@Override
	public @Nullable Set<String> getCriticalExtensionOIDs() {
		return null;
	}

	@Override
	public @Nullable Set<String> getNonCriticalExtensionOIDs() {
		return null;
	}

}
