package io.github.mtls.proxy;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import io.github.mtls.identity.CertificateCacheLimits;
import io.github.mtls.path.PathSettings;
import io.github.mtls.path.PathValidator;
import io.github.mtls.path.PathVerdict;
import io.github.mtls.test.ForwardedCertificateHeaders;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestPki;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Random and mutated header values for every format (seeded, so a failure reproduces): no
 * exception escapes, and whatever is accepted after re-validation is exactly a certificate the
 * trusted CA issued, never something a mutation produced.
 */
class ForwardedHeaderFuzzTests {

	static final int ROUNDS = 600;

	static final String SEPARATORS = "%:;,=\"+/\\ ";

	static final TestPki pki = TestPki.shared();

	static final TestCertificate intermediate = TestCertificate.authority("CN=Fuzz CA").signedBy(pki.root()).build();

	static final TestCertificate client = TestCertificate.client("CN=fuzz").signedBy(intermediate).build();

	static final Map<HeaderFormat, Function<TestCertificate, String>> ENCODERS = new EnumMap<>(Map.of(
			HeaderFormat.RFC9440, ForwardedCertificateHeaders::rfc9440, HeaderFormat.XFCC,
			ForwardedCertificateHeaders::xfcc, HeaderFormat.NGINX, ForwardedCertificateHeaders::nginx,
			HeaderFormat.HAPROXY, ForwardedCertificateHeaders::haproxy, HeaderFormat.TRAEFIK,
			ForwardedCertificateHeaders::traefik, HeaderFormat.AWS_ALB, ForwardedCertificateHeaders::awsAlb));

	static final List<X509Certificate> issued = List.of(client.certificate(), intermediate.certificate());

	@ParameterizedTest(name = "{0}")
	@EnumSource(HeaderFormat.class)
	void mutatedAndRandomValuesAreRefusedOrYieldOnlyGenuineCertificates(HeaderFormat format) {
		Random random = new Random(format.ordinal() * 7919L + 17);
		ForwardedCertificates certificates = new ForwardedCertificates(format, true, 5, 64 * 1024, CertificateCacheLimits.DEFAULTS);
		PathValidator paths = new PathValidator(PathSettings.DEFAULTS, List.of(pki.root().certificate()));
		String valid = ENCODERS.get(format).apply(client);
		int accepted = 0;
		for (int round = 0; round < ROUNDS; round++) {
			String value = (round % 10 == 0) ? randomText(random, 1 + random.nextInt(3000)) : mutate(valid, random);
			ForwardedHeaders headers = ForwardedHeaders.of(value);
			ForwardedChain[] result = new ForwardedChain[1];
			assertThatNoException().as("value %s", value).isThrownBy(() -> result[0] = certificates.resolve(headers));
			assertThatNoException().isThrownBy(() -> format.decode(headers));
			if (result[0] instanceof ForwardedChain.Present present) {
				PathVerdict verdict = paths.validate(present.chain()[0],
						List.of(present.chain()).subList(1, present.chain().length), Instant.now());
				if (verdict instanceof PathVerdict.Valid ok) {
					// Decoded, and a valid path to the anchor, as the pipeline requires next.
					accepted++;
					assertThat(ok.path().certificates()).as("accepted %s", value).allMatch(issued::contains);
					assertThat(ok.path().leaf()).isEqualTo(client.certificate());
				}
			}
		}
		// Mutations that only touch what a format ignores (quotes, whitespace, padding) may pass.
		assertThat(accepted).isLessThan(ROUNDS / 2);
	}

	static String mutate(String valid, Random random) {
		StringBuilder value = new StringBuilder(valid);
		int mutations = 1 + random.nextInt(4);
		for (int i = 0; i < mutations && value.length() > 0; i++) {
			int at = random.nextInt(value.length());
			switch (random.nextInt(7)) {
				case 0 -> value.setCharAt(at, (char) (32 + random.nextInt(95)));
				case 1 -> value.deleteCharAt(at);
				case 2 -> value.insert(at, (char) random.nextInt(256));
				case 3 -> value.setLength(at);
				case 4 -> value.insert(at, value.substring(at, Math.min(value.length(), at + random.nextInt(200))));
				case 5 -> value.insert(at, "%" + Integer.toHexString(random.nextInt(256)));
				default -> value.setCharAt(at, SEPARATORS.charAt(random.nextInt(SEPARATORS.length())));
			}
		}
		return value.toString();
	}

	static String randomText(Random random, int length) {
		StringBuilder text = new StringBuilder(length);
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=%:;,\"-\\ \t";
		for (int i = 0; i < length; i++) {
			text.append(random.nextInt(8) == 0 ? (char) random.nextInt(65536) : alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return text.toString();
	}

}
