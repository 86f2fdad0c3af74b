package io.github.mtls.identity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SpiffeIdsTests {

	@ParameterizedTest
	@ValueSource(strings = { "spiffe://acme.test", "spiffe://acme.test/billing", "spiffe://acme.test/ns/prod/sa/billing",
			"spiffe://a-b_c.1/Path.With-Caps_9" })
	void acceptsSpiffeIdsByTheSpecification(String id) {
		assertThat(SpiffeIds.id(id)).isEqualTo(id);
		assertThat(SpiffeIds.idsOf(java.util.List.of(id))).containsExactly(id);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "SPIFFE://acme.test/billing | starts with 'spiffe://'",
			"https://acme.test/billing | starts with 'spiffe://'", "spiffe:///billing | trust domain is not empty",
			"spiffe://Acme.test/billing | lowercase letters", "spiffe://acme.test:8443/billing | no port",
			"spiffe://user@acme.test/billing | no port, user", "spiffe://acme.test/billing/ | no empty segment",
			"spiffe://acme.test//billing | no empty segment", "spiffe://acme.test/./billing | no '.' or '..'",
			"spiffe://acme.test/ns/../admin | no '.' or '..'", "spiffe://acme.test/billing?x=1 | no query",
			"spiffe://acme.test/billing#frag | no query, fragment", "spiffe://acme.test/bill%20ing | percent-encoding" })
	void refusesWhatTheSpecificationForbidsNamingTheRule(String id, String rule) {
		assertThatIllegalArgumentException().isThrownBy(() -> SpiffeIds.id(id)).withMessageContaining(rule);
		assertThat(SpiffeIds.idsOf(java.util.List.of(id))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(ints = { 2049, 4096 })
	void refusesAnIdOverTheLengthLimit(int length) {
		String id = "spiffe://acme.test/" + "a".repeat(length - 19);
		assertThatIllegalArgumentException().isThrownBy(() -> SpiffeIds.id(id)).withMessageContaining("2048 bytes");
	}

	@ParameterizedTest
	@CsvSource({ "acme.test, acme.test", "spiffe://acme.test, acme.test" })
	void readsATrustDomainAsNameOrId(String value, String name) {
		assertThat(SpiffeIds.trustDomain(value)).isEqualTo(name);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "Acme.test", "acme.test/billing", "spiffe://acme.test/billing", "acme.test:443" })
	void refusesATrustDomainThatIsNotOne(String value) {
		assertThatIllegalArgumentException().isThrownBy(() -> SpiffeIds.trustDomain(value));
	}

}
