package io.github.mtls.test;

import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import com.sun.net.httpserver.HttpExchange;
import org.jspecify.annotations.Nullable;

/**
 * An Authority Information Access caIssuers URL (RFC 5280 4.2.2.1) served over real HTTP on
 * loopback: a CA certificate in DER ({@code application/pkix-cert}), or several in a PKCS#7
 * "certs-only" message ({@code application/pkcs7-mime}).
 *
 * <pre>{@code
 * static final CaIssuersEndpoint aia = CaIssuersEndpoint.serving(issuingCa);
 * static final TestCertificate client = TestCertificate.client("CN=orders")
 *     .caIssuersUrl(aia.url()).signedBy(issuingCa).build();
 * }</pre>
 *
 * {@link #fault(ResponderFault) Faults}: {@code GARBAGE}, {@code HUGE}, {@code SLOW} and {@code DOWN}.
 */
public final class CaIssuersEndpoint extends LoopbackServer {

	private final List<TestCertificate> certificates;

	private final boolean pkcs7;

	private CaIssuersEndpoint(List<TestCertificate> certificates, boolean pkcs7) {
		super("/ca.cer");
		this.certificates = certificates;
		this.pkcs7 = pkcs7;
	}

	/** Serves one CA certificate in DER on a free loopback port. */
	public static CaIssuersEndpoint serving(TestCertificate certificate) {
		return new CaIssuersEndpoint(List.of(certificate), false);
	}

	/** Serves CA certificates in one PKCS#7 certs-only message on a free loopback port. */
	public static CaIssuersEndpoint servingPkcs7(TestCertificate... certificates) {
		return new CaIssuersEndpoint(Arrays.asList(certificates), true);
	}

	/** Makes every answer from now on misbehave this way ({@code null}: answer correctly). */
	public CaIssuersEndpoint fault(@Nullable ResponderFault fault) {
		this.fault = fault;
		return this;
	}

	/** How long a {@link ResponderFault#SLOW slow} endpoint waits before it answers. */
	public CaIssuersEndpoint slowDelay(Duration delay) {
		this.slowDelay = delay;
		return this;
	}

	@Override
	String contentType() {
		return this.pkcs7 ? "application/pkcs7-mime" : "application/pkix-cert";
	}

	@Override
	void answer(HttpExchange exchange, byte[] request, @Nullable ResponderFault fault) throws IOException {
		send(exchange, 200, contentType(), body());
	}

	private byte[] body() {
		try {
			if (this.pkcs7) {
				List<X509Certificate> certificates = this.certificates.stream().map(TestCertificate::certificate).toList();
				return CertificateFactory.getInstance("X.509").generateCertPath(certificates).getEncoded("PKCS7");
			}
			return this.certificates.get(0).certificate().getEncoded();
		}
		catch (CertificateException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
