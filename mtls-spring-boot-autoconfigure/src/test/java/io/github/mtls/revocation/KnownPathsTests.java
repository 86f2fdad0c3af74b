package io.github.mtls.revocation;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import io.github.mtls.path.CertificationPath;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The table a warm request finds its path's targets in: the very list of a path answers from the
 * front table, an equal path from the cache, another path of the same leaf from neither, and the
 * front table never keeps what the cache let go.
 */
class KnownPathsTests {

	static final TestPki pki = TestPki.shared();

	static final X509Certificate root = pki.root().certificate();

	static final X509Certificate client = pki.client("CN=known paths").certificate();

	@Test
	void answersThePathItsTargetsWereDerivedFrom() throws Exception {
		KnownPaths known = new KnownPaths(100);
		CertificationPath path = new CertificationPath(List.of(leaf()), root);
		ChainTargets derived = ChainTargets.problem(path.certificates(), "derived once");
		known.put(derived);
		assertThat(known.get(path)).isSameAs(derived);
		assertThat(known.get(path)).isSameAs(derived);
	}

	@Test
	void answersAnEqualPathInAnotherListFromTheCache() throws Exception {
		KnownPaths known = new KnownPaths(100);
		X509Certificate leaf = leaf();
		ChainTargets derived = ChainTargets.problem(new CertificationPath(List.of(leaf), root).certificates(), "x");
		known.put(derived);
		CertificationPath parsedAgain = new CertificationPath(new ArrayList<>(List.of(leaf)), root);
		assertThat(parsedAgain.certificates()).isNotSameAs(derived.path());
		assertThat(known.get(parsedAgain)).isSameAs(derived);
	}

	@Test
	void doesNotAnswerAnotherPathOfTheSameLeaf() throws Exception {
		KnownPaths known = new KnownPaths(100);
		X509Certificate leaf = leaf();
		known.put(ChainTargets.problem(new CertificationPath(List.of(leaf), root).certificates(), "x"));
		CertificationPath longer = new CertificationPath(List.of(leaf, pki.authority("CN=known paths CA").certificate()), root);
		assertThat(known.get(longer)).isNull();
	}

	@Test
	void forgetsAPathReplacedByAnotherOfTheSameLeaf() throws Exception {
		KnownPaths known = new KnownPaths(100);
		X509Certificate leaf = leaf();
		CertificationPath first = new CertificationPath(List.of(leaf), root);
		known.put(ChainTargets.problem(first.certificates(), "first"));
		CertificationPath second = new CertificationPath(List.of(leaf, pki.authority("CN=known paths CA").certificate()),
				root);
		ChainTargets replacing = ChainTargets.problem(second.certificates(), "second");
		known.put(replacing);
		assertThat(known.get(first)).isNull();
		assertThat(known.get(second)).isSameAs(replacing);
	}

	@Test
	void frontTableKeepsNothingTheCacheEvicted() {
		KnownPaths known = new KnownPaths(1);
		List<CertificationPath> paths = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			CertificationPath path = new CertificationPath(List.of(pki.client("CN=evicted " + i).certificate()), root);
			paths.add(path);
			known.put(ChainTargets.problem(path.certificates(), "path " + i));
		}
		long answered = paths.stream().filter((path) -> known.get(path) != null).count();
		assertThat(answered).isEqualTo(1);
	}

	private static X509Certificate leaf() throws Exception {
		// A new instance of the same certificate each time, as a parser would hand it out.
		return (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(client.getEncoded()));
	}

}
