package io.github.mtls.identity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NamesTests {

	@ParameterizedTest(name = "\"{0}\" is the same DN as \"{1}\"")
	@CsvSource(delimiter = '|', value = { "CN=orders,O=Acme|cn=ORDERS, o=acme",
			"CN=orders,O=Acme|CN = orders ,  O = Acme",
			"CN=orders,O=Acme,emailAddress=ops@acme.test|cn=orders,o=acme,E=ops@acme.test",
			"CN=orders,O=Acme,emailAddress=ops@acme.test|CN=orders,O=Acme,1.2.840.113549.1.9.1=ops@acme.test",
			"CN=orders,serialNumber=42|CN=orders,SERIALNUMBER=42", "CN=orders,2.5.4.3=x|CN=orders,CN=x",
			"CN=a\\,b,O=Acme|cn=A\\,B,o=ACME" })
	void distinguishedNamesCompareCanonically(String one, String other) {
		assertThat(Names.dn(one)).isEqualTo(Names.dn(other));
	}

	@ParameterizedTest(name = "\"{0}\" differs from \"{1}\"")
	@CsvSource(delimiter = '|', value = { "CN=orders,O=Acme|O=Acme,CN=orders", "CN=orders,O=Acme|CN=orders,O=Acme2",
			"CN=orders|CN=orders,O=Acme" })
	void differentDistinguishedNamesStayDifferent(String one, String other) {
		assertThat(Names.dn(one)).isNotEqualTo(Names.dn(other));
	}

	@Test
	void ipAddressesCompareInAnySpelling() {
		assertThat(Names.ip("2001:DB8:0:0::7")).isEqualTo(Names.ip("2001:db8::7"));
		assertThat(Names.ip("10.0.0.1")).isEqualTo("10.0.0.1");
	}

	@Test
	void hostNamesAreNeverResolvedAsIpAddresses() {
		assertThatIllegalArgumentException().isThrownBy(() -> Names.ip("localhost"));
	}

	@Test
	void fingerprintsIgnoreColonsAndCase() {
		String hex = "ab".repeat(32);
		assertThat(Names.sha256Hex(hex.toUpperCase().replaceAll("(..)(?!$)", "$1:"))).isEqualTo(hex);
	}

	@Test
	void publicKeyPinsAcceptUrlSafeAndPrefixedBase64() {
		String standard = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
		assertThat(Names.spkiSha256("sha256/" + standard.replace('+', '-').replace('/', '_'))).isEqualTo(standard);
	}

	@Test
	void serialsLoseLeadingZerosAndColons() {
		assertThat(Names.serial("00:0A:bc")).isEqualTo("abc");
	}

	@Test
	void emailDomainsAreCaseInsensitiveButLocalPartsAreNot() {
		assertThat(Names.email("Robot@Example.ORG")).isEqualTo("Robot@example.org");
	}

}
