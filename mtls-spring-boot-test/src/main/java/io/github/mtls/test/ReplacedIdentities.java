package io.github.mtls.test;

import java.util.Arrays;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * An application property source with the {@code mtls.identities} entries that a test replaces
 * hidden. Needed because Spring binds a map entry key by key across property sources: without it an
 * {@code issuer-dn} of {@code application.yml} would survive next to the test identity's selectors.
 */
final class ReplacedIdentities extends EnumerablePropertySource<EnumerablePropertySource<?>> {

	private static final ConfigurationPropertyName IDENTITIES = ConfigurationPropertyName.of("mtls.identities");

	private final Set<String> replaced;

	private final boolean dropOthers;

	private ReplacedIdentities(EnumerablePropertySource<?> source, Set<String> replaced, boolean dropOthers) {
		super(source.getName(), source);
		this.replaced = replaced;
		this.dropOthers = dropOthers;
	}

	/** Hides {@code replaced} identities, and all others too when {@code dropOthers}. */
	static ReplacedIdentities of(EnumerablePropertySource<?> source, Set<String> replaced, boolean dropOthers) {
		return new ReplacedIdentities(source, replaced, dropOthers);
	}

	/** Names of the identities {@code source} configures. */
	static Set<String> identities(EnumerablePropertySource<?> source) {
		return Arrays.stream(source.getPropertyNames())
			.map(ReplacedIdentities::identity)
			.filter((name) -> name != null)
			.collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
	}

	@Override
	public String[] getPropertyNames() {
		return Arrays.stream(this.source.getPropertyNames()).filter((name) -> !hidden(name)).toArray(String[]::new);
	}

	@Override
	public @Nullable Object getProperty(String name) {
		return hidden(name) ? null : this.source.getProperty(name);
	}

	private boolean hidden(String name) {
		String identity = identity(name);
		return identity != null && (this.dropOthers || this.replaced.contains(identity));
	}

	/** The identity a property belongs to, e.g. {@code orders} for {@code mtls.identities.orders.issuer-dn}. */
	private static @Nullable String identity(String name) {
		ConfigurationPropertyName property = ConfigurationPropertyName.adapt(name, '.');
		if (!IDENTITIES.isAncestorOf(property) || property.getNumberOfElements() < 3) {
			return null;
		}
		return property.getElement(2, ConfigurationPropertyName.Form.DASHED);
	}

}
