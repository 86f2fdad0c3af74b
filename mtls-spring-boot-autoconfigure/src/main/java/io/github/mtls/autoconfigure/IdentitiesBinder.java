package io.github.mtls.autoconfigure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;

/**
 * Binds {@code mtls.identities} as Boot's {@link Binder} binds a map of JavaBeans, in one pass over
 * the property sources. Boot's map binding looks every property of every identity up in every
 * source and walks a whole source for each list it binds, which made 10,000 identities cost more
 * than half of the start-up (docs/benchmarks.md). Here each source is walked once, its names under
 * {@code mtls.identities} are grouped by identity, and each identity is bound by Boot's own
 * {@link Binder} over only the sources that name it, each narrowed to that identity's names: the
 * same relaxed names, key-by-key precedence, list forms, conversion and errors, in linear time.
 */
final class IdentitiesBinder {

	private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(IdentitiesBinding.IDENTITIES);

	private static final Bindable<MtlsProperties.Identity> IDENTITY = Bindable.of(MtlsProperties.Identity.class);

	private static final Bindable<Map<String, MtlsProperties.Identity>> IDENTITY_MAP = Bindable.mapOf(String.class,
			MtlsProperties.Identity.class);

	private IdentitiesBinder() {
	}

	/**
	 * The identities of the sources, highest precedence first, in the order Boot's map binding gives.
	 * @throws org.springframework.boot.context.properties.bind.BindException as Boot's binding would
	 */
	static Map<String, MtlsProperties.Identity> bind(Iterable<ConfigurationPropertySource> sources,
			PlaceholdersResolver placeholders) {
		List<ConfigurationPropertySource> all = new ArrayList<>();
		// Per source (null: not iterable), the names it holds under each identity's entry name.
		List<@Nullable Map<ConfigurationPropertyName, List<ConfigurationPropertyName>>> named = new ArrayList<>();
		// Identity name to entry name, in the order MapBinder meets them.
		Map<String, ConfigurationPropertyName> entries = new LinkedHashMap<>();
		for (ConfigurationPropertySource source : sources) {
			all.add(source);
			if (!(source instanceof IterableConfigurationPropertySource iterable)) {
				named.add(null);
				continue;
			}
			Map<ConfigurationPropertyName, List<ConfigurationPropertyName>> byEntry = new HashMap<>();
			for (ConfigurationPropertyName name : iterable.filter(ROOT::isAncestorOf)) {
				ConfigurationPropertyName entry = ROOT.isParentOf(name) ? name
						: name.chop(ROOT.getNumberOfElements() + 1);
				byEntry.computeIfAbsent(entry, (e) -> new ArrayList<>()).add(name);
				entries.putIfAbsent(entry.getElement(ROOT.getNumberOfElements(), Form.ORIGINAL), entry);
			}
			named.add(byEntry);
		}
		if (entries.isEmpty()) {
			// Nothing under mtls.identities.<name> (at most a value of mtls.identities itself): Boot's way.
			return new Binder(all, placeholders).bind(ROOT, IDENTITY_MAP).orElseGet(Map::of);
		}
		Map<String, MtlsProperties.Identity> identities = new LinkedHashMap<>();
		entries.forEach((key, entry) -> {
			List<ConfigurationPropertySource> own = new ArrayList<>();
			for (int i = 0; i < all.size(); i++) {
				Map<ConfigurationPropertyName, List<ConfigurationPropertyName>> byEntry = named.get(i);
				if (byEntry == null) {
					own.add(all.get(i));
				}
				else if (byEntry.containsKey(entry)) {
					own.add(new Narrowed(all.get(i), byEntry.get(entry)));
				}
			}
			new Binder(own, placeholders).bind(entry, IDENTITY).ifBound((identity) -> identities.put(key, identity));
		});
		return identities;
	}

	/**
	 * A source seen through the names it holds under one identity: lookups are the source's own
	 * (relaxed names, environment-variable forms), only walking it is confined to those names.
	 */
	private record Narrowed(ConfigurationPropertySource source,
			List<ConfigurationPropertyName> names) implements IterableConfigurationPropertySource {

		@Override
		public Stream<ConfigurationPropertyName> stream() {
			return this.names.stream();
		}

		@Override
		public @Nullable ConfigurationProperty getConfigurationProperty(ConfigurationPropertyName name) {
			return this.source.getConfigurationProperty(name);
		}

		@Override
		public ConfigurationPropertyState containsDescendantOf(ConfigurationPropertyName name) {
			return this.source.containsDescendantOf(name);
		}

		@Override
		public @Nullable Object getUnderlyingSource() {
			return this.source.getUnderlyingSource();
		}

	}

}
