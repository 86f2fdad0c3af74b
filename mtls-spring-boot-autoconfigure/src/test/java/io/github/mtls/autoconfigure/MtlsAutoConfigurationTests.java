package io.github.mtls.autoconfigure;

import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.web.PinnedIdentityUserDetailsService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

class MtlsAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MtlsAutoConfiguration.class, MtlsWebSecurityAutoConfiguration.class,
				SecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class))
		.withPropertyValues("mtls.identities.orders.subject-dn=CN=orders");

	@Test
	void registersPinnedIdentitiesAndADefaultChain() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(AuthenticationPipeline.class);
			assertThat(context).hasSingleBean(PinnedIdentityUserDetailsService.class);
			assertThat(context).hasBean("mtlsSecurityFilterChain");
			assertThat(context).doesNotHaveBean(InMemoryUserDetailsManager.class);
			assertThat(context.getBean(UserDetailsService.class).loadUserByUsername("orders").getUsername())
				.isEqualTo("orders");
		});
	}

	@Test
	void backsOffWhenUserDefinesSecurityFilterChain() {
		this.contextRunner.withUserConfiguration(UserChain.class).run((context) -> {
			assertThat(context).doesNotHaveBean("mtlsSecurityFilterChain");
			assertThat(context).hasBean("userChain");
			assertThat(context).hasSingleBean(AuthenticationPipeline.class);
		});
	}

	@Test
	void backsOffWhenUserDefinesUserDetailsService() {
		this.contextRunner.withUserConfiguration(UserUsers.class).run((context) -> {
			assertThat(context).doesNotHaveBean(PinnedIdentityUserDetailsService.class);
			assertThat(context).hasSingleBean(UserDetailsService.class);
			assertThat(context).hasBean("mtlsSecurityFilterChain");
		});
	}

	@Test
	void isSwitchedOffByProperty() {
		this.contextRunner.withPropertyValues("mtls.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(AuthenticationPipeline.class);
			assertThat(context).doesNotHaveBean("mtlsSecurityFilterChain");
		});
	}

	@ParameterizedTest(name = "{0}={1} fails startup")
	@CsvSource(delimiter = '|', value = { "mtls.identities.bad.subject-dn|garbage|not an RFC 4514 distinguished name",
			"mtls.identities.bad.issuer-dn|O=Acme;;CN|not an RFC 4514 distinguished name",
			"mtls.identities.bad.san-ip|host.example.org|not an IPv4 or IPv6 address",
			"mtls.identities.bad.san-ip|300.1.2.3|not an IPv4 or IPv6 address",
			"mtls.identities.bad.san-uri|not a uri|not an absolute URI",
			"mtls.identities.bad.san-email|nobody|not an email address",
			"mtls.identities.bad.san-dns|bad name!|not a DNS name",
			"mtls.identities.bad.fingerprint-sha256|abcd|not a SHA-256 fingerprint",
			"mtls.identities.bad.fingerprint-sha256|zz:zz:zz:zz:zz:zz:zz:zz:zz:zz:zz:zz:zz:zz:zz:zz:zz:zz:zz:zz:zz:zz:zz:zz:zz:zz:zz:zz:zz:zz:zz:zz|not a SHA-256 fingerprint",
			"mtls.identities.bad.spki-sha256|***|not base64",
			"mtls.identities.bad.spki-sha256|AAAA|not a base64 SHA-256",
			"mtls.identities.bad.serial|xyz|not a hex serial number",
			"mtls.certificate-cache-size|10000|replaced by mtls.certificate-cache-memory",
			"mtls.max-certificate-size|512B|must be between 1KB and 64KB",
			"mtls.max-certificate-size|1MB|must be between 1KB and 64KB",
			"mtls.certificate-cache-memory|64KB|must be between",
			"mtls.unpinned-certificate-cache-memory|0B|must be between",
			"mtls.trust.policies.initial[0]|2.16.840.1.abc|is not a dotted object identifier",
			"mtls.trust.policies.initial[0]|anyPolicy|is not a dotted object identifier",
			"mtls.trust.policies.initial[0]|1.40.7|second arc above 39",
			"mtls.trust.max-chain-length|0|must be between 1 and 32",
			"mtls.trust.max-candidate-paths|5000|must be between 1 and 1024",
			"mtls.handshake.defer-refusals|true|knows no client trust anchors" })
	void malformedPropertyFailsStartupNamingTheProperty(String property, String value, String problem) {
		String setting = property.startsWith("mtls.identities.bad.serial")
				? property + "=" + value + ",mtls.identities.bad.issuer-dn=CN=ca" : property + "=" + value;
		String[] settings = setting.contains(",mtls.") ? setting.split(",(?=mtls\\.)") : new String[] { setting };
		this.contextRunner.withPropertyValues(settings).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains(property).contains(problem);
			assertThat(analysis.getAction()).isNotBlank();
		});
	}

	@Test
	void identityWithoutSelectorFailsStartup() {
		this.contextRunner.withPropertyValues("mtls.identities.empty.authorities=READ").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(analyze(context.getStartupFailure()).getDescription()).contains("mtls.identities.empty")
				.contains("no selector that identifies");
		});
	}

	@Test
	void identityWithOnlyAnIssuerFailsStartup() {
		this.contextRunner.withPropertyValues("mtls.identities.anyone.issuer-dn=CN=Corporate CA").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(analyze(context.getStartupFailure()).getDescription()).contains("mtls.identities.anyone")
				.contains("every certificate of its issuer");
		});
	}

	@Test
	void serialWithoutIssuerFailsStartup() {
		this.contextRunner.withPropertyValues("mtls.identities.by-serial.serial=01ab").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(analyze(context.getStartupFailure()).getDescription())
				.contains("mtls.identities.by-serial.serial");
		});
	}

	@Test
	void distinguishedNamesWithCommasAreNotSplitIntoAList() {
		this.contextRunner.withPropertyValues("mtls.identities.orders.subject-dn=CN=orders, O=Acme, C=DE")
			.run((context) -> assertThat(context.getBean(io.github.mtls.identity.IdentityIndex.class)
				.get("orders")
				.selectors()
				.get(io.github.mtls.identity.SelectorKind.SUBJECT_DN)).containsExactly("cn=orders,o=acme,c=de"));
	}

	private static FailureAnalysis analyze(Throwable failure) {
		Throwable cause = failure;
		while (cause != null && !(cause instanceof InvalidMtlsPropertyException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("InvalidMtlsPropertyException in the cause chain of %s", failure).isNotNull();
		FailureAnalysis analysis = new InvalidMtlsPropertyFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		return analysis;
	}

	@Configuration(proxyBeanMethods = false)
	static class UserChain {

		@Bean
		SecurityFilterChain userChain(HttpSecurity http) {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserUsers {

		@Bean
		UserDetailsService userUsers() {
			return new InMemoryUserDetailsManager(User.withUsername("orders").password("{noop}x").build());
		}

	}

}
