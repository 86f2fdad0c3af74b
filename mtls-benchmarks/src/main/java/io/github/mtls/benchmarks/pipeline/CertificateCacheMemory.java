package io.github.mtls.benchmarks.pipeline;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.mtls.identity.CertificateCacheLimits;
import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.identity.CertificateFactsCache;
import io.github.mtls.identity.CertificateMemory;
import io.github.mtls.path.PathSettings;
import io.github.mtls.path.ValidatedChains;
import io.github.mtls.proxy.ForwardedCertificates;
import io.github.mtls.proxy.ForwardedHeaders;
import io.github.mtls.proxy.HeaderFormat;
import io.github.mtls.test.ForwardedCertificateHeaders;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;

/**
 * Heap retained by the certificate caches, measured after full GCs (JMH measures time, not retained
 * size). First the heap one decoded certificate and its facts retain, per DER byte (the factor of
 * {@code CertificateMemory}); then the three request-path caches (facts, path verdicts, decoded
 * nginx headers) with the default bounds, fed {@code count} distinct self-signed certificates of
 * {@code names} DNS names each, as the attack of issue 16 did:
 * {@code java -Xmx1g -cp mtls-benchmarks/target/benchmarks.jar
 * io.github.mtls.benchmarks.pipeline.CertificateCacheMemory 3000 300}.
 */
public final class CertificateCacheMemory {

	private CertificateCacheMemory() {
	}

	public static void main(String[] args) throws Exception {
		int count = (args.length > 0) ? Integer.parseInt(args[0]) : 3000;
		int names = (args.length > 1) ? Integer.parseInt(args[1]) : 300;
		KeyPair keys = TestCertificate.client("CN=keys").build().keyPair();
		CertificateFactory factory = CertificateFactory.getInstance("X.509");
		for (int dnsNames : new int[] { 0, 40, names }) {
			perCertificate(factory, keys, dnsNames);
		}

		List<X509Certificate> anchors = List.of(TestPki.shared().root().certificate());
		CertificateCacheLimits limits = CertificateCacheLimits.DEFAULTS;
		CertificateFactsCache facts = new CertificateFactsCache(limits);
		ValidatedChains paths = new ValidatedChains(PathSettings.DEFAULTS, () -> anchors, limits);
		ForwardedCertificates headers = new ForwardedCertificates(HeaderFormat.NGINX, true, 5, 64 * 1024, limits);
		long base = used();
		Instant now = Instant.now();
		int der = 0;
		for (int i = 0; i < count; i++) {
			TestCertificate stranger = TestCertificate.stranger(keys, names);
			der = stranger.certificate().getEncoded().length;
			ForwardedHeaders header = new ForwardedHeaders(List.of(ForwardedCertificateHeaders.nginx(stranger)), List.of());
			X509Certificate[] chain = ((io.github.mtls.proxy.ForwardedChain.Present) headers.resolve(header)).chain();
			facts.get(chain[0]);
			paths.validate(chain, now, true);
		}
		long retained = used() - base;
		System.out.printf("%,d strangers of %,d DER bytes through facts, path verdicts and nginx headers "
				+ "(bounds %,d + %,d bytes per cache): retained %,d KB%n", count, der, limits.pinnedBytes(),
				limits.strangerBytes(), retained >> 10);
		System.out.printf("  facts %s%n  paths %s%n  headers %s%n", facts.usage(), paths.usage(), headers.usage());
	}

	private static void perCertificate(CertificateFactory factory, KeyPair keys, int dnsNames) throws Exception {
		int n = 500;
		List<byte[]> encodings = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			encodings.add(TestCertificate.stranger(keys, dnsNames).certificate().getEncoded());
		}
		List<Object> kept = new ArrayList<>(n);
		long base = used();
		for (byte[] encoding : encodings) {
			X509Certificate certificate = (X509Certificate) factory
				.generateCertificate(new ByteArrayInputStream(encoding));
			kept.add(CertificateFacts.of(certificate));
		}
		long perCertificate = (used() - base) / n;
		int der = encodings.get(0).length;
		System.out.printf("%4d DNS names, %,6d DER bytes: %,7d bytes retained (decoded + facts), %4.1f per DER byte;"
				+ " estimate %,7d%n", dnsNames, der, perCertificate, (double) perCertificate / der,
				CertificateMemory.retainedBytes(der));
		kept.clear();
	}

	private static long used() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
