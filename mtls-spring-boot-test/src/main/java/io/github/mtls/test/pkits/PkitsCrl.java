package io.github.mtls.test.pkits;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;

/**
 * A CRL supplied by a PKITS block: complete or delta, direct or indirect.
 *
 * @param name the suite's name of the CRL (its file name without {@code .crl}), e.g.
 * {@code GoodCACRL}
 * @param der the DER encoding, exactly as the suite ships it (a copy on every call)
 */
public record PkitsCrl(String name, byte[] der) {

	public PkitsCrl {
		der = der.clone();
	}

	@Override
	public byte[] der() {
		return this.der.clone();
	}

	/** The file name the suite gives this CRL: {@code name + ".crl"}. */
	public String fileName() {
		return this.name + ".crl";
	}

	/** The CRL parsed by the JDK's {@code X.509} certificate factory. */
	public X509CRL x509Crl() {
		try {
			return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(this.der));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("PKITS CRL " + this.name + " does not parse", ex);
		}
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof PkitsCrl crl && crl.name.equals(this.name);
	}

	@Override
	public int hashCode() {
		return this.name.hashCode();
	}

	@Override
	public String toString() {
		return this.name;
	}

}
