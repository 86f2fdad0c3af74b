package io.github.mtls.test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The header values TLS-terminating proxies send for a client certificate, built exactly as each
 * proxy builds them, for testing an application in proxy mode ({@code mtls.proxy.*}) without
 * running the proxy:
 *
 * <pre>{@code
 * LoopbackClient.from("127.0.0.2").get(port, "/whoami", "X-SSL-Client-Cert", ForwardedCertificateHeaders.nginx(orders));
 * }</pre>
 *
 * "Chain" here means the CA certificates of {@link TestCertificate#chain()} after the leaf (the
 * self-signed root is never included).
 */
public final class ForwardedCertificateHeaders {

	/** RFC 3986 unreserved characters: what every encoder here leaves as is. */
	private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

	private ForwardedCertificateHeaders() {
	}

	/** RFC 9440 {@code Client-Cert}: the DER as a structured-field byte sequence, {@code :base64:}. */
	public static String rfc9440(TestCertificate certificate) {
		return rfc9440(certificate.certificate());
	}

	/** RFC 9440 {@code Client-Cert-Chain}: a list of byte sequences, one per CA certificate. */
	public static String rfc9440Chain(TestCertificate certificate) {
		return rfc9440Chain(cas(certificate));
	}

	/**
	 * RFC 9440 {@code Client-Cert} for a certificate that is not a {@link TestCertificate}, such as
	 * one of a conformance suite.
	 */
	public static String rfc9440(X509Certificate certificate) {
		return byteSequence(der(certificate));
	}

	/**
	 * RFC 9440 {@code Client-Cert} for an encoding no certificate parser accepts, such as
	 * {@link TestCertificate.Builder#encoded()} of a certificate with a duplicate extension.
	 */
	public static String rfc9440(byte[] der) {
		return byteSequence(der);
	}

	/**
	 * RFC 9440 {@code Client-Cert-Chain} for the given CA certificates, in the order given: a proxy
	 * forwards what the client sent, which need not be an ordered path. An empty list gives an empty
	 * value; a proxy sends no header then.
	 */
	public static String rfc9440Chain(List<X509Certificate> certificates) {
		return certificates.stream().map((ca) -> byteSequence(der(ca))).collect(Collectors.joining(", "));
	}

	/**
	 * Envoy's {@code x-forwarded-client-cert} element for this certificate: {@code Hash},
	 * URL-encoded PEM {@code Cert} and {@code Chain} (leaf included), {@code Subject}, and the SANs
	 * Envoy adds ({@code URI}, {@code DNS}).
	 */
	public static String xfcc(TestCertificate certificate) {
		StringBuilder element = new StringBuilder("Hash=").append(certificate.sha256());
		element.append(";Cert=\"").append(percentEncode(certificate.certificatePem(), "")).append('"');
		element.append(";Chain=\"").append(percentEncode(certificate.chainPem(), "")).append('"');
		element.append(";Subject=\"").append(certificate.subjectDn().replace("\\", "\\\\").replace("\"", "\\\""))
			.append('"');
		return element.toString();
	}

	/** nginx {@code $ssl_client_escaped_cert}: the leaf's PEM, URL-encoded. */
	public static String nginx(TestCertificate certificate) {
		return percentEncode(certificate.certificatePem(), "");
	}

	/** HAProxy {@code %[ssl_c_der,base64]}: the leaf's DER in base64. */
	public static String haproxy(TestCertificate certificate) {
		return Base64.getEncoder().encodeToString(der(certificate.certificate()));
	}

	/** HAProxy {@code %[ssl_c_chain_der,base64]}: the CA certificates' DER back to back, in base64. */
	public static String haproxyChain(TestCertificate certificate) {
		ByteArrayOutputStream concatenated = new ByteArrayOutputStream();
		cas(certificate).forEach((ca) -> concatenated.writeBytes(der(ca)));
		return Base64.getEncoder().encodeToString(concatenated.toByteArray());
	}

	/**
	 * Traefik {@code X-Forwarded-Tls-Client-Cert} ({@code passTLSClientCert} with {@code pem: true}):
	 * per certificate, leaf first, the PEM without BEGIN/END lines and newlines, escaped as Go's
	 * {@code url.QueryEscape} does, joined with commas.
	 */
	public static String traefik(TestCertificate certificate) {
		return certificate.chain()
			.stream()
			.map((c) -> percentEncode(Base64.getEncoder().encodeToString(der(c)), ""))
			.collect(Collectors.joining(","));
	}

	/**
	 * AWS ALB {@code X-Amzn-Mtls-Clientcert} (passthrough mode): the chain's PEM, leaf first,
	 * URL-encoded with {@code +}, {@code =} and {@code /} left as they are.
	 */
	public static String awsAlb(TestCertificate certificate) {
		return percentEncode(certificate.chainPem(), "+=/");
	}

	/** Percent-encodes every byte except RFC 3986 unreserved characters and {@code safe}. */
	public static String percentEncode(String text, String safe) {
		StringBuilder encoded = new StringBuilder(text.length() * 3 / 2);
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xff);
			if (UNRESERVED.indexOf(c) >= 0 || safe.indexOf(c) >= 0) {
				encoded.append(c);
			}
			else {
				encoded.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
					.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
			}
		}
		return encoded.toString();
	}

	private static String byteSequence(byte[] bytes) {
		return ":" + Base64.getEncoder().encodeToString(bytes) + ":";
	}

	private static List<X509Certificate> cas(TestCertificate certificate) {
		List<X509Certificate> chain = certificate.chain();
		return chain.subList(1, chain.size());
	}

	private static byte[] der(X509Certificate certificate) {
		return TestCertificate.encoded(certificate);
	}

}
