package io.github.mtls.sample.support;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * With the {@code dev} profile, creates the development PKI before the SSL bundles are read, in
 * {@code mtls.sample.dev-pki-folder} (default {@code .mtls-dev-pki}). Without the profile it does
 * nothing: only the user's configuration applies.
 */
public class DevelopmentPkiEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String FOLDER_PROPERTY = "mtls.sample.dev-pki-folder";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.acceptsProfiles(Profiles.of("dev"))) {
			return;
		}
		Path folder = Path.of(environment.getProperty(FOLDER_PROPERTY, ".mtls-dev-pki")).toAbsolutePath();
		new DevelopmentPki(folder).createIfMissing();
		environment.getPropertySources()
			.addLast(new MapPropertySource("mtlsDevelopmentPki", Map.of("mtls.sample.dev-pki-path", folder.toString())));
	}

	@Override
	public int getOrder() {
		return ConfigDataEnvironmentPostProcessor.ORDER + 1;
	}

}
