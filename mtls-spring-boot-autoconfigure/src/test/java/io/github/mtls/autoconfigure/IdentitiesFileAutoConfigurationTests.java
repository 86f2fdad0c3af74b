package io.github.mtls.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.mtls.reload.CurrentConfiguration;
import io.github.mtls.reload.WatchedFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the pinned identities come from at startup, and what follows their changes. */
class IdentitiesFileAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MtlsAutoConfiguration.class));

	@TempDir
	Path directory;

	@Test
	void identitiesFileIsCompiledAsMtlsIdentitiesAndWatched() throws IOException {
		Path file = Files.writeString(this.directory.resolve("identities.yaml"),
				"orders:\n  subject-dn: CN=orders,O=Acme\n  authorities: [ROLE_READER]\n");
		this.runner.withPropertyValues("mtls.identities-file=file:" + file).run((context) -> {
			assertThat(context).hasSingleBean(WatchedFile.class);
			CurrentConfiguration current = context.getBean(CurrentConfiguration.class);
			assertThat(current.get().identities().get("orders").authorities()).containsExactly("ROLE_READER");
			assertThat(current.get().loaded().source()).isEqualTo("mtls.identities-file (" + file + ")");
		});
	}

	@Test
	void malformedValueInTheFileFailsStartupNamingTheIdentityProperty() throws IOException {
		Path file = Files.writeString(this.directory.resolve("identities.yaml"), "orders:\n  san-ip: orders.example.org\n");
		this.runner.withPropertyValues("mtls.identities-file=file:" + file)
			.run((context) -> assertFailure(context, "mtls.identities.orders.san-ip", "not an IPv4 or IPv6 address"));
	}

	@Test
	void identitiesFileBesideMtlsIdentitiesFailsStartup() throws IOException {
		Path file = Files.writeString(this.directory.resolve("identities.yaml"), "orders:\n  subject-dn: CN=orders\n");
		this.runner.withPropertyValues("mtls.identities-file=file:" + file, "mtls.identities.billing.subject-dn=CN=billing")
			.run((context) -> assertFailure(context, "mtls.identities-file", "set together with mtls.identities"));
	}

	@Test
	void missingIdentitiesFileFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("mtls.identities-file=file:" + this.directory.resolve("absent.yaml"))
			.run((context) -> assertFailure(context, "mtls.identities-file", "cannot be read"));
	}

	@Test
	void malformedYamlFailsStartupWithoutQuotingTheFile() throws IOException {
		Path file = Files.writeString(this.directory.resolve("identities.yaml"), "orders: [secret: {bcrypt}x\n");
		this.runner.withPropertyValues("mtls.identities-file=file:" + file).run((context) -> {
			assertFailure(context, "mtls.identities-file", "not valid YAML");
			assertThat(context.getStartupFailure()).rootCause().message().doesNotContain("bcrypt");
		});
	}

	@Test
	void environmentChangesAreFollowedWithSpringCloud() {
		this.runner.withPropertyValues("mtls.identities.orders.subject-dn=CN=orders")
			.run((context) -> assertThat(context).hasBean("mtlsIdentitiesRefresh").doesNotHaveBean(WatchedFile.class));
	}

	@Test
	void startsWithoutSpringCloud() {
		this.runner.withPropertyValues("mtls.identities.orders.subject-dn=CN=orders")
			.withClassLoader(new FilteredClassLoader(EnvironmentChangeEvent.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("mtlsIdentitiesRefresh"));
	}

	private static void assertFailure(AssertableApplicationContext context, String property, String problem) {
		assertThat(context).hasFailed();
		assertThat(context.getStartupFailure()).rootCause().isInstanceOf(InvalidMtlsPropertyException.class).satisfies((ex) -> {
			assertThat(((InvalidMtlsPropertyException) ex).getProperty()).isEqualTo(property);
			assertThat(((InvalidMtlsPropertyException) ex).getProblem()).contains(problem);
		});
	}

}
