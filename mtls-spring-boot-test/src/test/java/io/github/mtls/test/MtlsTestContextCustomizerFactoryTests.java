package io.github.mtls.test;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What {@link MtlsTest} puts into the application context, checked without starting a server.
 */
class MtlsTestContextCustomizerFactoryTests {

	final MtlsTestContextCustomizerFactory factory = new MtlsTestContextCustomizerFactory();

	@Test
	void classWithoutMtlsTestIsLeftAlone() {
		assertThat(this.factory.createContextCustomizer(Plain.class, List.of())).isNull();
	}

	@Test
	void classesDeclaringTheSameIdentitiesShareOneContext() {
		assertThat(customizer(Orders.class)).isEqualTo(customizer(OrdersAgain.class))
			.hasSameHashCodeAs(customizer(OrdersAgain.class))
			.isNotEqualTo(customizer(Shipping.class));
	}

	@Test
	void nestedTestClassesInheritTheDeclaration() {
		assertThat(customizer(Orders.Inner.class)).isEqualTo(customizer(Orders.class));
	}

	@Test
	void serverPresentsTheTestCertificateAndDemandsAClientCertificate() {
		Map<String, Object> properties = properties(Orders.class);
		TestPki pki = TestPki.shared();
		assertThat(properties).containsEntry("server.ssl.bundle", TestPki.BUNDLE)
			.containsEntry("server.ssl.client-auth", "need")
			.containsEntry("mtls.trust.bundle", TestPki.BUNDLE)
			.containsEntry("spring.ssl.bundle.pem.mtls-test.keystore.certificate", pki.server().chainPem())
			.containsEntry("spring.ssl.bundle.pem.mtls-test.truststore.certificate", pki.root().certificatePem())
			.doesNotContainKey("server.port");
	}

	@Test
	void identitiesArePinnedWithValuesFromTheirCertificates() {
		TestIdentities identities = identities(Shipping.class);
		TestCertificate shipping = identities.certificate("shipping");
		TestCertificate serial = identities.certificate("serial");
		assertThat(properties(Shipping.class))
			.containsEntry("mtls.identities.shipping.san-uri[0]", "spiffe://acme.test/shipping")
			.containsEntry("mtls.identities.shipping.fingerprint-sha256[0]", shipping.sha256())
			.containsEntry("mtls.identities.shipping.authorities[0]", "SHIP")
			.containsEntry("mtls.identities.serial.serial[0]", serial.serialHex())
			.containsEntry("mtls.identities.serial.issuer-dn[0]", TestPki.shared().root().subjectDn())
			.doesNotContainKeys("mtls.identities.shipping.subject-dn[0]")
			.noneSatisfy((key, value) -> assertThat(key).startsWith("mtls.identities.stranger."));
		assertThat(identities.certificate("stranger").subjectDn()).isEqualTo("CN=stranger");
		assertThat(identities.names()).containsExactlyInAnyOrder("shipping", "serial", "stranger");
	}

	@Test
	void secondTrustedAuthorityIsTrustedAndIssuesItsIdentities() {
		TestPki pki = TestPki.shared();
		TestCertificate second = pki.authority("CN=Second CA");
		assertThat(properties(SecondCa.class)).containsEntry("spring.ssl.bundle.pem.mtls-test.truststore.certificate",
				pki.root().certificatePem() + second.certificatePem());
		assertThat(identities(SecondCa.class).certificate("elsewhere").issuerDn()).isEqualTo(second.subjectDn());
	}

	@Test
	void sameDeclarationGivesTheSameCertificateAcrossTestClasses() {
		assertThat(identities(Orders.class).certificate("orders"))
			.isSameAs(identities(OrdersAgain.class).certificate("orders"));
	}

	@Test
	void testPropertiesStillTakePrecedence() {
		GenericApplicationContext context = new GenericApplicationContext();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("Inlined Test Properties", Map.of("server.ssl.client-auth", "want")));
		customizer(Orders.class).customizeContext(context, null);
		assertThat(context.getEnvironment().getProperty("server.ssl.client-auth")).isEqualTo("want");
		assertThat(context.getEnvironment().getProperty("server.ssl.bundle")).isEqualTo(TestPki.BUNDLE);
	}

	@Test
	void selectorWithoutValueInTheCertificateIsAClearMistake() {
		assertThatIllegalStateException().isThrownBy(() -> properties(UriWithoutSan.class))
			.withMessageContaining("@Identity(name = \"orders\") is pinned by san-uri");
	}

	@Test
	void identityDeclaredTwiceIsAClearMistake() {
		assertThatIllegalStateException().isThrownBy(() -> properties(Twice.class))
			.withMessageContaining("declares the identity 'orders' twice");
	}

	@Test
	void identityNameThatIsNoPropertyNameIsAClearMistake() {
		assertThatIllegalStateException().isThrownBy(() -> customizer(BadName.class))
			.withMessageContaining("@Identity(name = \"Orders.Service\") must be lowercase letters, digits and '-'");
	}

	@Test
	void declaredIdentityReplacesTheApplicationsIdentityOfTheSameNameWhole() {
		Binder binder = bindAfterCustomizing(Orders.class);
		assertThat(binder.bind("mtls.identities.orders.issuer-dn", Bindable.listOf(String.class)).isBound()).isFalse();
		assertThat(binder.bind("mtls.identities.orders.authorities", Bindable.listOf(String.class)).isBound())
			.isFalse();
		assertThat(binder.bind("mtls.identities.orders.subject-dn", Bindable.listOf(String.class)).get())
			.containsExactly(identities(Orders.class).certificate("orders").subjectDn());
	}

	@Test
	void applicationIdentitiesTheTestDoesNotDeclareAreKeptByDefault() {
		assertThat(bindAfterCustomizing(Orders.class).bind("mtls.identities.billing.san-uri", String.class).get())
			.isEqualTo("spiffe://acme.test/billing");
	}

	@Test
	void applicationIdentitiesTheTestDoesNotDeclareCanBeDropped() {
		Binder binder = bindAfterCustomizing(OrdersOnly.class);
		assertThat(binder.bind("mtls.identities.billing.san-uri", String.class).isBound()).isFalse();
		assertThat(binder.bind("mtls.identities.orders.issuer-dn", String.class).isBound()).isFalse();
		assertThat(binder.bind("mtls.identities.orders.subject-dn", Bindable.listOf(String.class)).isBound()).isTrue();
	}

	/** The application's own configuration pins orders (with an issuer-dn) and billing. */
	Binder bindAfterCustomizing(Class<?> testClass) {
		GenericApplicationContext context = new GenericApplicationContext();
		context.getEnvironment()
			.getPropertySources()
			.addLast(new MapPropertySource("Config resource 'class path resource [application.yml]'",
					Map.of("mtls.identities.orders.subject-dn", "CN=orders,O=Acme", "mtls.identities.orders.issuer-dn",
							"CN=Acme Issuing CA,O=Acme", "mtls.identities.orders.authorities[0]", "ORDERS_READ",
							"mtls.identities.billing.san-uri", "spiffe://acme.test/billing")));
		customizer(testClass).customizeContext(context, null);
		return Binder.get(context.getEnvironment());
	}

	ContextCustomizer customizer(Class<?> testClass) {
		return this.factory.createContextCustomizer(testClass, List.of());
	}

	Map<String, Object> properties(Class<?> testClass) {
		GenericApplicationContext context = new GenericApplicationContext();
		customizer(testClass).customizeContext(context, null);
		return ((MapPropertySource) context.getEnvironment().getPropertySources().get("mtls-test")).getSource();
	}

	TestIdentities identities(Class<?> testClass) {
		GenericApplicationContext context = new GenericApplicationContext();
		customizer(testClass).customizeContext(context, null);
		return context.getBeanFactory().getBean(TestIdentities.class);
	}

	static class Plain {

	}

	@MtlsTest(identities = @Identity(name = "orders"))
	static class Orders {

		@org.junit.jupiter.api.Nested
		class Inner {

		}

	}

	@MtlsTest(identities = @Identity(name = "orders"), applicationIdentities = ApplicationIdentities.DROP)
	static class OrdersOnly {

	}

	@MtlsTest(identities = @Identity(name = "orders"))
	static class OrdersAgain {

	}

	@MtlsTest(identities = {
			@Identity(name = "shipping", sanUri = "spiffe://acme.test/shipping",
					pinnedBy = { Selector.SAN_URI, Selector.FINGERPRINT_SHA256 }, authorities = "SHIP"),
			@Identity(name = "serial", pinnedBy = Selector.SERIAL), @Identity(name = "stranger", pinned = false) })
	static class Shipping {

	}

	@MtlsTest(trustedAuthorities = "CN=Second CA", identities = @Identity(name = "elsewhere", issuer = "CN=Second CA"))
	static class SecondCa {

	}

	@MtlsTest(identities = @Identity(name = "orders", pinnedBy = Selector.SAN_URI))
	static class UriWithoutSan {

	}

	@MtlsTest(identities = { @Identity(name = "orders"), @Identity(name = "orders", subject = "CN=other") })
	static class Twice {

	}

	@MtlsTest(identities = @Identity(name = "Orders.Service"))
	static class BadName {

	}

}
