package io.github.mtls.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.github.mtls.audit.PinnedIdentitiesAudit;
import io.github.mtls.factor.SecondFactorKind;
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.identity.InvalidSettingException;
import io.github.mtls.identity.PinnedIdentities;
import io.github.mtls.reload.CurrentConfiguration;
import io.github.mtls.reload.TrustAndIdentities.Part;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PlaceholdersResolver;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;

/**
 * Where the pinned identities come from ({@code mtls.identities} or {@code mtls.identities-file})
 * and how a change of them becomes a new snapshot. The identities are bound by
 * {@link IdentitiesBinder}, at startup and at every change, into new objects (the
 * {@link MtlsProperties} bean holds none: Boot's generic binding of them was slow, and Spring
 * Cloud's rebinder refills a bean's collections in place while requests run), compiled by the same
 * {@link PinnedIdentities} as at startup and checked by the same rules, then adopted whole or
 * rejected whole.
 */
final class IdentitiesBinding {

	static final String IDENTITIES = "mtls.identities";

	static final String FILE = "mtls.identities-file";

	/** Boot's quiet period for watched SSL bundle files, which the identities file shares. */
	static final String QUIET_PERIOD = "spring.ssl.bundle.watch.file.quiet-period";

	private IdentitiesBinding() {
	}

	/** The identities validated at startup, from the file when one is configured. */
	static IdentityIndex startup(MtlsProperties properties, Environment environment) {
		Map<String, MtlsProperties.Identity> configured = bind(environment);
		Resource file = properties.getIdentitiesFile();
		if (file == null) {
			return compile(configured);
		}
		if (!configured.isEmpty()) {
			throw new InvalidMtlsPropertyException(FILE, String.valueOf(file),
					"set together with mtls.identities: two lists of the identities allowed in",
					"Keep the identities in one place: remove 'mtls.identities' or unset '" + FILE + "'.");
		}
		return compile(parse(read(file)));
	}

	/** Where the identities come from, as the Actuator and the audit name it. */
	static String source(MtlsProperties properties) {
		Resource file = properties.getIdentitiesFile();
		return (file != null) ? FILE + " (" + path(file) + ")" : IDENTITIES;
	}

	/** The file's path on the file system; only a file can be watched. */
	static Path path(Resource file) {
		try {
			return file.getFile().toPath();
		}
		catch (IOException ex) {
			throw new InvalidMtlsPropertyException(FILE, String.valueOf(file), "not a file on the file system",
					"Use a file: location, such as file:/etc/mtls/identities/identities.yaml (a mounted ConfigMap).");
		}
	}

	static byte[] read(Resource file) {
		try {
			return Files.readAllBytes(path(file));
		}
		catch (IOException ex) {
			throw new InvalidMtlsPropertyException(FILE, String.valueOf(file),
					"cannot be read (" + ex.getClass().getSimpleName() + ")",
					"Check that the file exists and that the application may read it.");
		}
	}

	/**
	 * {@code mtls.identities} bound afresh from the Environment, as it is now. Not through
	 * {@link MtlsProperties}: Boot's generic binding of a map of 10,000 JavaBeans took more than half
	 * of the start-up, {@link IdentitiesBinder} binds the same in one pass.
	 */
	static Map<String, MtlsProperties.Identity> bind(Environment environment) {
		return bind(ConfigurationPropertySources.get(environment), new PropertySourcesPlaceholdersResolver(environment));
	}

	/**
	 * The identities of a YAML file whose top level maps identity names to identities; its keys are
	 * read as {@code mtls.identities.*}, so a mistake is named as in the application's properties.
	 */
	static Map<String, MtlsProperties.Identity> parse(byte[] yaml) {
		List<PropertySource<?>> documents;
		try {
			documents = new YamlPropertySourceLoader().load(FILE, new ByteArrayResource(yaml));
		}
		catch (IOException | RuntimeException ex) {
			// The parser's message quotes the file, which may hold secrets' hashes: only its kind is told.
			throw new InvalidMtlsPropertyException(FILE, "(content)",
					"not valid YAML (" + ex.getClass().getSimpleName() + ")",
					"Write the identities as under mtls.identities, with the identity names at the top level.");
		}
		if (documents.size() > 1) {
			throw new InvalidMtlsPropertyException(FILE, "(content)", "holds " + documents.size() + " YAML documents",
					"Keep one document: the identity names at the top level.");
		}
		Map<String, Object> prefixed = new LinkedHashMap<>();
		for (PropertySource<?> document : documents) {
			for (String name : ((MapPropertySource) document).getPropertyNames()) {
				prefixed.put(IDENTITIES + "." + name, document.getProperty(name));
			}
		}
		return bind(ConfigurationPropertySources.from(new MapPropertySource(FILE, prefixed)), PlaceholdersResolver.NONE);
	}

	private static Map<String, MtlsProperties.Identity> bind(Iterable<ConfigurationPropertySource> sources,
			PlaceholdersResolver placeholders) {
		try {
			return IdentitiesBinder.bind(sources, placeholders);
		}
		catch (BindException ex) {
			throw notAnIdentity(ex);
		}
	}

	/** What a value that Boot's binding refuses is reported as. */
	static InvalidMtlsPropertyException notAnIdentity(BindException ex) {
		return notAnIdentity((ex.getProperty() != null) ? ex.getProperty().getName().toString() : ex.getName().toString());
	}

	static InvalidMtlsPropertyException notAnIdentity(String property) {
		return new InvalidMtlsPropertyException(property, "(value)", "cannot be bound to an identity",
				"Give each identity a map of selectors and lists of strings, as under mtls.identities.");
	}

	/** Compiled as at startup; a mistake is reported as a property, as at startup. */
	static IdentityIndex compile(Map<String, MtlsProperties.Identity> identities) {
		Map<String, PinnedIdentities.Definition> definitions = new LinkedHashMap<>();
		identities.forEach((name, identity) -> definitions.put(name, identity.definition()));
		try {
			return PinnedIdentities.compile(definitions);
		}
		catch (InvalidSettingException ex) {
			throw new InvalidMtlsPropertyException(ex.getProperty(), ex.getValue(), ex.getProblem(), ex.getAction());
		}
	}

	/** The quiet period of the file watcher, from the Environment as Boot's bundle watcher reads it. */
	static Duration quietPeriod(Environment environment) {
		return Binder.get(environment).bind(QUIET_PERIOD, Duration.class).orElse(Duration.ofSeconds(10));
	}

	/**
	 * Puts changed identities in force, or records why not: read, compiled and checked as at startup
	 * (the empty list unless {@code mtls.allow-empty}, the second factor's need of token subjects or
	 * secrets), adopted whole or rejected whole. Content equal to the identities in force is no change.
	 * @param current the configuration in force
	 * @param source where the change comes from
	 * @param environment read afresh for the rules the identities are checked by
	 * @param identities reads the changed identities; throws {@link InvalidMtlsPropertyException}
	 * @return the adopted change, or {@code null} when nothing was adopted
	 */
	static CurrentConfiguration.@Nullable Change reload(CurrentConfiguration current, String source,
			Environment environment, Supplier<Map<String, MtlsProperties.Identity>> identities) {
		IdentityIndex index;
		try {
			index = compile(identities.get());
			check(index, Binder.get(environment));
		}
		catch (InvalidMtlsPropertyException ex) {
			current.reject(Part.IDENTITIES, source, ex.getProperty(), ex.getProblem());
			return null;
		}
		catch (RuntimeException ex) {
			// A change that cannot be judged is not let in: fail closed, name no internals.
			current.reject(Part.IDENTITIES, source, IDENTITIES,
					"the changed identities cannot be read (" + ex.getClass().getSimpleName() + ")");
			return null;
		}
		boolean unresolved = current.unresolved().stream().anyMatch((r) -> r.part() == Part.IDENTITIES);
		if (!unresolved && index.identities().equals(current.get().identities().identities())) {
			return null;
		}
		return current.adoptIdentities(index, source);
	}

	private static void check(IdentityIndex index, Binder environment) {
		if (index.identities().isEmpty()
				&& !environment.bind(PinnedIdentitiesAudit.PROPERTY, Boolean.class).orElse(false)) {
			throw new InvalidMtlsPropertyException(PinnedIdentitiesAudit.PROPERTY, "false",
					"the change pins no identity, so every request would be refused",
					"Pin at least one identity, or set '" + PinnedIdentitiesAudit.PROPERTY + "' to true.");
		}
		SecondFactors.checkIdentities(environment.bind("mtls.second-factor.required", SecondFactorKind.class)
			.orElse(SecondFactorKind.NONE), index);
	}

}
