package io.github.mtls.identity;

import java.util.Map;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
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

	/**
	 * A pin against the subject a CA wrote (encoded as {@link X500Principal} encodes it, as the test
	 * PKI's certificates are). {@code X500Principal}'s canonical form would make every row equal.
	 */
	@ParameterizedTest(name = "pin \"{0}\" does not match a certificate named \"{1}\" ({2})")
	@CsvSource(delimiter = '|', value = { "CN=orders,O=Acme|CN=\uff4f\uff52\uff44\uff45\uff52\uff53,O=Acme|fullwidth",
			"CN=orders,O=Acme|CN=order\u017f,O=Acme|long s", "OU=Services,O=Acme|OU=Serv\u0131ces,O=Acme|dotless i",
			"CN=Kiwi,O=Acme|CN=\u212Aiwi,O=Acme|Kelvin sign", "CN=finance,O=Acme|CN=\ufb01nance,O=Acme|ligature fi",
			"CN=caf\u00e9,O=Acme|CN=cafe\u0301,O=Acme|decomposed accent (NFC-different)",
			"CN=x\u00b2,O=Acme|CN=x2,O=Acme|superscript two (NFKC-different)",
			"CN=Acme Issuing CA,O=Acme|CN=\uff21cme Issuing CA,O=Acme|fullwidth A in an issuer",
			"CN=\u00e9cole,O=Acme|CN=\u00c9cole,O=Acme|non-ASCII case",
			"CN=Acme Issuing CA,O=Acme|CN=Acme\u00a0Issuing CA,O=Acme|no-break space" })
	void lookAlikeNamesDoNotMatchAPin(String pin, String certificateName, String trick) {
		assertThat(Names.canonical(new X500Principal(certificateName))).as(trick).isNotEqualTo(Names.dn(pin));
		assertThat(new X500Principal(certificateName)).as("X500Principal folds " + trick)
			.isEqualTo(new X500Principal(pin));
	}

	@ParameterizedTest(name = "pin \"{0}\" matches a certificate named \"{1}\"")
	@CsvSource(delimiter = '|', value = { "cn=ORDERS, o=acme|CN=orders,O=Acme", "CN = orders ,  O = Acme|CN=orders,O=Acme",
			"CN=orders,O=Acme,emailAddress=ops@acme.test|CN=orders,O=Acme,1.2.840.113549.1.9.1=ops@acme.test",
			"CN=orders,ST=Bavaria|CN=orders,S=Bavaria", "CN=orders,2.5.4.3=x|CN=orders,CN=x",
			"CN=orders+OU=ops,O=Acme|OU=ops+CN=orders,O=Acme", "CN=\u00e9cole,O=Acme|CN=\u00e9cole,O=Acme",
			"CN=Acme Issuing CA,O=Acme|CN=Acme Issuing CA,O=Acme", "CN=Acme Issuing CA|CN=Acme   Issuing CA",
			"CN=orders,O=Acme|CN=\\ orders\\ ,O=Acme" })
	void namesDifferingInAsciiCaseSpacingOrKeywordsMatchAPin(String pin, String certificateName) {
		assertThat(Names.canonical(new X500Principal(certificateName, Map.of("S", "2.5.4.8", "E",
				"1.2.840.113549.1.9.1")))).isEqualTo(Names.dn(pin));
	}

	@Test
	void aValueMatchesWhateverStringTypeTheCaEncodedItIn() throws Exception {
		X500Name printable = new X500NameBuilder().addRDN(BCStyle.CN, new DERPrintableString("orders")).build();
		X500Name utf8 = new X500NameBuilder().addRDN(BCStyle.CN, new DERUTF8String("orders")).build();
		assertThat(Names.canonical(new X500Principal(printable.getEncoded())))
			.isEqualTo(Names.canonical(new X500Principal(utf8.getEncoded())))
			.isEqualTo(Names.dn("CN=orders"));
	}

	@Test
	void escapedSeparatorsInAValueNeverReadAsAnotherAttribute() {
		assertThat(Names.dn("CN=a\\,O\\=b")).isNotEqualTo(Names.dn("CN=a,O=b"));
		assertThat(Names.dn("CN=a\\+OU\\=b")).isNotEqualTo(Names.dn("CN=a+OU=b"));
	}

	@Test
	void sameNameIsTheCanonicalComparison() {
		X500Principal genuine = new X500Principal("CN=Acme Issuing CA,O=Acme");
		assertThat(Names.sameName(genuine, new X500Principal("cn=acme issuing ca, o=ACME"))).isTrue();
		assertThat(Names.sameName(genuine, new X500Principal("CN=\uff21cme Issuing CA,O=Acme"))).isFalse();
		assertThat(Names.sameName(genuine, new X500Principal("CN=Other CA,O=Acme"))).isFalse();
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
