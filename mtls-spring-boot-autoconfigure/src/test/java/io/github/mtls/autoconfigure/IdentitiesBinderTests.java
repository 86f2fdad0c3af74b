package io.github.mtls.autoconfigure;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.github.mtls.identity.ClientIdentity;
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.identity.PinnedIdentities;
import io.github.mtls.identity.SelectorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mtls.identities} bound in one pass gives what Boot's {@link Binder} gives: the same relaxed
 * names, list forms, key-by-key precedence across property sources, and the same failures.
 */
class IdentitiesBinderTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MtlsAutoConfiguration.class));

	private static final String APPLICATION_YAML = """
			mtls:
			  identities:
			    orders:
			      subject-dn: CN=orders,O=Acme
			      issuer-dn: CN=Acme CA,O=Acme
			      authorities: [ROLE_READER, ROLE_WRITER]
			    billing:
			      issuer-dn: CN=Acme CA,O=Acme
			      serial: 4660
			      san-dns:
			        - billing.acme.example
			        - billing.internal
			""";

	static Stream<Arguments> configurations() {
		return Stream.of(
				Arguments.of("kebab case, a DN with commas, comma-separated authorities",
						sources(properties("mtls.identities.orders.subject-dn", "CN=orders,O=Acme",
								"mtls.identities.orders.authorities", "ROLE_A, ROLE_B"))),
				Arguments.of("camel case and indexed lists",
						sources(properties("mtls.identities.orders.subjectDn", "CN=orders", "mtls.identities.orders.sanDns[0]",
								"a.example", "mtls.identities.orders.sanDns[1]", "b.example"))),
				Arguments.of("indexed DNs", sources(properties("mtls.identities.orders.subject-dn[0]", "CN=a,O=Acme",
						"mtls.identities.orders.subject-dn[1]", "CN=b,O=Acme"))),
				Arguments.of("application.yml with YAML lists and a numeric serial", sources(yaml(APPLICATION_YAML))),
				Arguments.of("environment variables, with the legacy underscore form",
						sources(environment("MTLS_IDENTITIES_ORDERS_SUBJECTDN", "CN=orders,O=Acme",
								"MTLS_IDENTITIES_ORDERS_AUTHORITIES", "ROLE_A,ROLE_B", "MTLS_IDENTITIES_ORDERS_SANDNS_0",
								"a.example", "MTLS_IDENTITIES_ORDERS_SANDNS_1", "b.example", "MTLS_IDENTITIES_ORDERS_SAN_URI",
								"spiffe://acme/orders"))),
				Arguments.of("legacy environment variables with indexes",
						sources(environment("MTLS_IDENTITIES_ORDERS_SAN_URI_0", "spiffe://acme/orders",
								"MTLS_IDENTITIES_ORDERS_SAN_URI_1", "spiffe://acme/orders-2", "MTLS_IDENTITIES_ORDERS_TOKEN_SUBJECT",
								"orders-client"))),
				Arguments.of("a property name in brackets",
						sources(properties("mtls.identities.orders[subject-dn]", "CN=orders", "mtls.identities[orders][san-dns][0]",
								"orders.example"))),
				Arguments.of("a system property and an environment variable over application.yml, key by key",
						sources(properties("mtls.identities.orders.subject-dn", "CN=orders-2,O=Acme"),
								environment("MTLS_IDENTITIES_BILLING_SANDNS", "billing.example",
										"MTLS_IDENTITIES_PAYMENTS_SUBJECTDN", "CN=payments"),
								yaml(APPLICATION_YAML))),
				Arguments.of("an indexed list over a scalar replaces it whole",
						sources(properties("mtls.identities.orders.authorities[0]", "ROLE_ONLY"), yaml(APPLICATION_YAML))),
				Arguments.of("an empty value over a list empties it",
						sources(properties("mtls.identities.orders.authorities", ""), yaml(APPLICATION_YAML))),
				Arguments.of("names in brackets and in capitals",
						sources(properties("mtls.identities[orders.v2].subject-dn", "CN=orders", "mtls.identities.Billing.subject-dn",
								"CN=billing"))),
				Arguments.of("one identity under two spellings of its name",
						sources(properties("mtls.identities.orders.subject-dn", "CN=orders"),
								environment("MTLS_IDENTITIES_ORDERS_AUTHORITIES", "ROLE_A"))),
				Arguments.of("placeholders",
						sources(properties("mtls.identities.orders.subject-dn", "CN=${app.client},O=Acme", "app.client", "orders"))),
				Arguments.of("no identities", sources(properties("mtls.enabled", "true"))),
				Arguments.of("an empty mtls.identities", sources(properties("mtls.identities", ""))),
				Arguments.of("a gap in a list's indexes",
						sources(properties("mtls.identities.orders.subject-dn[0]", "CN=a", "mtls.identities.orders.subject-dn[2]",
								"CN=c"))),
				Arguments.of("a value in place of an identity", sources(properties("mtls.identities.orders", "CN=orders"))),
				Arguments.of("a value in place of the identities", sources(properties("mtls.identities", "orders"))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("configurations")
	void bindsWhatBootsBinderBinds(String configuration, List<PropertySource<?>> sources) {
		StandardEnvironment environment = environment(sources);
		Object boot = outcome(() -> {
			try {
				return Binder.get(environment)
					.bind(IdentitiesBinding.IDENTITIES, Bindable.mapOf(String.class, MtlsProperties.Identity.class))
					.orElseGet(Map::of);
			}
			catch (BindException ex) {
				throw IdentitiesBinding.notAnIdentity(ex);
			}
		});
		Object onePass = outcome(() -> IdentitiesBinding.bind(environment));
		assertThat(onePass).isEqualTo(boot);
	}

	@Test
	void aSystemPropertyOverridesOneSelectorOfAnApplicationYamlIdentity() {
		Map<String, PinnedIdentities.Definition> identities = bind(
				sources(properties("mtls.identities.orders.subject-dn", "CN=orders-2,O=Acme"), yaml(APPLICATION_YAML)));
		assertThat(identities.get("orders").selectors().get(SelectorKind.SUBJECT_DN)).containsExactly("CN=orders-2,O=Acme");
		assertThat(identities.get("orders").selectors().get(SelectorKind.ISSUER_DN)).containsExactly("CN=Acme CA,O=Acme");
		assertThat(identities.get("orders").authorities()).containsExactly("ROLE_READER", "ROLE_WRITER");
	}

	@Test
	void anEnvironmentVariableOverridesOneSelectorAndAddsAnother() {
		Map<String, PinnedIdentities.Definition> identities = bind(sources(
				environment("MTLS_IDENTITIES_BILLING_SERIAL", "1234", "MTLS_IDENTITIES_BILLING_SUBJECTDN", "CN=billing"),
				yaml(APPLICATION_YAML)));
		assertThat(identities.get("billing").selectors().get(SelectorKind.SERIAL)).containsExactly("1234");
		assertThat(identities.get("billing").selectors().get(SelectorKind.SUBJECT_DN)).containsExactly("CN=billing");
		assertThat(identities.get("billing").selectors().get(SelectorKind.SAN_DNS)).containsExactly("billing.acme.example",
				"billing.internal");
	}

	@Test
	void identitiesKeepTheOrderOfTheirSources() {
		Map<String, PinnedIdentities.Definition> identities = bind(
				sources(environment("MTLS_IDENTITIES_PAYMENTS_SUBJECTDN", "CN=payments"), yaml(APPLICATION_YAML)));
		assertThat(identities).containsOnlyKeys("payments", "orders", "billing");
		assertThat(new ArrayList<>(identities.keySet())).containsExactly("payments", "orders", "billing");
	}

	@Test
	void startupCompilesTheIdentitiesWithASystemPropertyOverridingOneSelectorOfApplicationYaml() {
		this.runner.withInitializer((context) -> context.getEnvironment().getPropertySources().addLast(yaml(APPLICATION_YAML)))
			.withSystemProperties("mtls.identities.orders.subject-dn=CN=orders-2,O=Acme")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ClientIdentity orders = context.getBean(IdentityIndex.class).identities().get("orders");
				assertThat(orders.selectors().get(SelectorKind.SUBJECT_DN)).containsExactly("cn=orders-2,o=acme");
				assertThat(orders.selectors().get(SelectorKind.ISSUER_DN)).containsExactly("cn=acme ca,o=acme");
				assertThat(orders.authorities()).containsExactly("ROLE_READER", "ROLE_WRITER");
			});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"mtls.identities.orders.isuer-dn=CN=Acme CA|mtls.identities.orders.isuer-dn",
			"mtls.identities.orders.san-url=https://orders.example|mtls.identities.orders.san-url",
			"mtls.identities.orders.v2.subject-dn=CN=orders|mtls.identities.orders.v2.subject-dn" })
	void keyThatNamesNoSelectorFailsStartupNamingTheProperty(String setting, String property) {
		// Boot's own binding drops such a key silently: a misspelt issuer pin would leave orders pinned by subject only.
		this.runner.withPropertyValues("mtls.identities.orders.subject-dn=CN=orders", setting)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOfSatisfying(InvalidMtlsPropertyException.class, (ex) -> {
						assertThat(ex.getProperty()).isEqualTo(property);
						assertThat(ex.getProblem()).isEqualTo("is not a selector of an identity");
						assertThat(ex.getAction()).contains("issuer-dn", "subject-dn", "san-uri");
					});
			});
	}

	@Test
	void aValueInPlaceOfAnIdentityFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("mtls.identities.orders=CN=orders")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOfSatisfying(InvalidMtlsPropertyException.class, (ex) -> {
						assertThat(ex.getProperty()).isEqualTo("mtls.identities.orders");
						assertThat(ex.getProblem()).isEqualTo("cannot be bound to an identity");
					});
			});
	}

	private static Map<String, PinnedIdentities.Definition> bind(List<PropertySource<?>> sources) {
		return definitions(IdentitiesBinding.bind(environment(sources)));
	}

	/** The identities in order, or the failure a user would see. */
	private static Object outcome(Supplier<Map<String, MtlsProperties.Identity>> binding) {
		try {
			return definitions(binding.get());
		}
		catch (InvalidMtlsPropertyException ex) {
			return List.of(ex.getProperty(), ex.getValue(), ex.getProblem(), ex.getAction());
		}
	}

	private static Map<String, PinnedIdentities.Definition> definitions(Map<String, MtlsProperties.Identity> identities) {
		Map<String, PinnedIdentities.Definition> definitions = new LinkedHashMap<>();
		identities.forEach((name, identity) -> definitions.put(name, identity.definition()));
		return definitions;
	}

	private static StandardEnvironment environment(List<PropertySource<?>> sources) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().forEach((source) -> environment.getPropertySources().remove(source.getName()));
		sources.forEach(environment.getPropertySources()::addLast);
		return environment;
	}

	private static List<PropertySource<?>> sources(PropertySource<?>... sources) {
		return List.of(sources);
	}

	private static int counter;

	private static MapPropertySource properties(String... keysAndValues) {
		return new MapPropertySource("properties-" + (++counter), map(keysAndValues));
	}

	private static SystemEnvironmentPropertySource environment(String... keysAndValues) {
		return new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				map(keysAndValues));
	}

	private static PropertySource<?> yaml(String yaml) {
		try {
			return new YamlPropertySourceLoader().load("application.yml", new ByteArrayResource(yaml.getBytes())).get(0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, Object> map(String... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put(keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

}
