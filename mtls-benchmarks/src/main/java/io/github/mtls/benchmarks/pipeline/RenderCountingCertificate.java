package io.github.mtls.benchmarks.pipeline;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.Principal;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import javax.security.auth.x500.X500Principal;

import org.jspecify.annotations.Nullable;

/**
 * A certificate that counts how often it is rendered to a string, delegating everything else. The
 * benchmarks' set-up runs each authentication path on it, so "no certificate rendered to a string"
 * is checked, not assumed: a {@code toString()} of a certificate costs several kilobytes and
 * microseconds, even for a debug message that is never logged.
 */
final class RenderCountingCertificate extends X509Certificate {

	private final X509Certificate delegate;

	private final AtomicInteger renderings = new AtomicInteger();

	RenderCountingCertificate(X509Certificate delegate) {
		this.delegate = delegate;
	}

	int renderings() {
		return this.renderings.get();
	}

	@Override
	public String toString() {
		this.renderings.incrementAndGet();
		return this.delegate.toString();
	}

	@Override
	public void checkValidity() throws CertificateExpiredException, CertificateNotYetValidException {
		this.delegate.checkValidity();
	}

	@Override
	public void checkValidity(Date date) throws CertificateExpiredException, CertificateNotYetValidException {
		this.delegate.checkValidity(date);
	}

	@Override
	public int getVersion() {
		return this.delegate.getVersion();
	}

	@Override
	public BigInteger getSerialNumber() {
		return this.delegate.getSerialNumber();
	}

	@Override
	@SuppressWarnings("deprecation")
	public Principal getIssuerDN() {
		return this.delegate.getIssuerDN();
	}

	@Override
	@SuppressWarnings("deprecation")
	public Principal getSubjectDN() {
		return this.delegate.getSubjectDN();
	}

	@Override
	public X500Principal getIssuerX500Principal() {
		return this.delegate.getIssuerX500Principal();
	}

	@Override
	public X500Principal getSubjectX500Principal() {
		return this.delegate.getSubjectX500Principal();
	}

	@Override
	public Date getNotBefore() {
		return this.delegate.getNotBefore();
	}

	@Override
	public Date getNotAfter() {
		return this.delegate.getNotAfter();
	}

	@Override
	public byte[] getTBSCertificate() throws CertificateEncodingException {
		return this.delegate.getTBSCertificate();
	}

	@Override
	public byte[] getSignature() {
		return this.delegate.getSignature();
	}

	@Override
	public String getSigAlgName() {
		return this.delegate.getSigAlgName();
	}

	@Override
	public String getSigAlgOID() {
		return this.delegate.getSigAlgOID();
	}

	@Override
	public byte @Nullable [] getSigAlgParams() {
		return this.delegate.getSigAlgParams();
	}

	@Override
	public boolean @Nullable [] getIssuerUniqueID() {
		return this.delegate.getIssuerUniqueID();
	}

	@Override
	public boolean @Nullable [] getSubjectUniqueID() {
		return this.delegate.getSubjectUniqueID();
	}

	@Override
	public boolean @Nullable [] getKeyUsage() {
		return this.delegate.getKeyUsage();
	}

	@Override
	public @Nullable List<String> getExtendedKeyUsage() throws CertificateParsingException {
		return this.delegate.getExtendedKeyUsage();
	}

	@Override
	public @Nullable Collection<List<?>> getSubjectAlternativeNames() throws CertificateParsingException {
		return this.delegate.getSubjectAlternativeNames();
	}

	@Override
	public int getBasicConstraints() {
		return this.delegate.getBasicConstraints();
	}

	@Override
	public byte[] getEncoded() throws CertificateEncodingException {
		return this.delegate.getEncoded();
	}

	@Override
	public void verify(PublicKey key) throws CertificateException, NoSuchAlgorithmException, InvalidKeyException,
			NoSuchProviderException, SignatureException {
		this.delegate.verify(key);
	}

	@Override
	public void verify(PublicKey key, String sigProvider) throws CertificateException, NoSuchAlgorithmException,
			InvalidKeyException, NoSuchProviderException, SignatureException {
		this.delegate.verify(key, sigProvider);
	}

	@Override
	public PublicKey getPublicKey() {
		return this.delegate.getPublicKey();
	}

	@Override
	public boolean hasUnsupportedCriticalExtension() {
		return this.delegate.hasUnsupportedCriticalExtension();
	}

	@Override
	public @Nullable Set<String> getCriticalExtensionOIDs() {
		return this.delegate.getCriticalExtensionOIDs();
	}

	@Override
	public @Nullable Set<String> getNonCriticalExtensionOIDs() {
		return this.delegate.getNonCriticalExtensionOIDs();
	}

	@Override
	public byte @Nullable [] getExtensionValue(String oid) {
		return this.delegate.getExtensionValue(oid);
	}

}
