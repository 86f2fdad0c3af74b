package io.github.mtls.autoconfigure;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.PlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;

/**
 * Binds {@code mtls.identities} as Boot's {@link Binder} binds a map of JavaBeans, in one pass over
 * the property sources. Boot's map binding looks every property of every identity up in every
 * source, walks a whole source for each list it binds and introspects the JavaBean again for each
 * identity, which made 10,000 identities cost more than half of the start-up (docs/benchmarks.md).
 * Here each source is walked once and its names under {@code mtls.identities} are grouped by
 * identity; each identity's lists are then looked up by the sources' own lookups (relaxed names,
 * environment-variable forms) in only the sources that name it, highest precedence first, and
 * converted by Boot's conversion service. IdentitiesBinderTests holds it to Boot's results.
 */
final class IdentitiesBinder {

	private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(IdentitiesBinding.IDENTITIES);

	private static final Bindable<MtlsProperties.Identity> IDENTITY = Bindable.of(MtlsProperties.Identity.class);

	/** Boot's converter of configuration values, the one {@link Binder#get} binds with. */
	private static final ConversionService CONVERSION = ApplicationConversionService.getSharedInstance();

	private static final List<ListProperty> PROPERTIES = Arrays.stream(MtlsProperties.Identity.class.getDeclaredFields())
		.filter((field) -> !Modifier.isStatic(field.getModifiers()) && field.getType() == List.class)
		.map(ListProperty::of)
		.toList();

	private static final Bindable<Map<String, MtlsProperties.Identity>> IDENTITY_MAP = Bindable.mapOf(String.class,
			MtlsProperties.Identity.class);

	private IdentitiesBinder() {
	}

	/**
	 * The identities of the sources (highest precedence first), in the order Boot's map binding gives.
	 * @throws InvalidMtlsPropertyException for a list with a gap in its indexes, which Boot refuses
	 * @throws org.springframework.boot.context.properties.bind.BindException where Boot's own binding
	 * is left to bind (a value in place of an identity or of {@code mtls.identities})
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
				requireSelector(name);
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
			MtlsProperties.Identity identity = own.stream().anyMatch((source) -> source.getConfigurationProperty(entry) != null)
					// A value in place of the identity: rare, and Boot's rules for it are subtle.
					? new Binder(own, placeholders).bind(entry, IDENTITY).orElse(null)
					: bind(entry, own, placeholders);
			if (identity != null) {
				identities.put(key, identity);
			}
		});
		return identities;
	}

	/**
	 * Refuses a key under an identity that names no selector: Boot's binding drops it silently, so a
	 * misspelt {@code isuer-dn} beside a {@code subject-dn} would leave the identity pinned by less
	 * than its owner wrote. Fail closed, naming the property. (An environment variable's legacy form,
	 * {@code ..._SAN_URI} walked as {@code san.uri}, passes on the start of a selector's name.)
	 */
	private static void requireSelector(ConfigurationPropertyName name) {
		if (name.getNumberOfElements() <= ROOT.getNumberOfElements() + 1) {
			return;
		}
		String key = Narrowed.key(name.getElement(ROOT.getNumberOfElements() + 1, Form.ORIGINAL));
		if (PROPERTIES.stream().noneMatch((property) -> property.key().startsWith(key))) {
			throw new InvalidMtlsPropertyException(name.toString(), "(value)", "is not a selector of an identity",
					"Check the spelling. An identity takes " + PROPERTIES.stream().map(ListProperty::name)
						.collect(Collectors.joining(", ")) + ".");
		}
	}

	/**
	 * One identity as Boot's JavaBeanBinder binds it, without its per-property introspection: each
	 * list from the first source that sets it, as one value (split at commas unless the field says
	 * {@code @Delimiter(NONE)}) or as indexed values {@code [0]}, {@code [1]}, ... without gaps;
	 * {@code null} when no property of an identity is set.
	 */
	private static MtlsProperties.@Nullable Identity bind(ConfigurationPropertyName entry,
			List<ConfigurationPropertySource> sources, PlaceholdersResolver placeholders) {
		MtlsProperties.Identity identity = new MtlsProperties.Identity();
		boolean bound = false;
		for (ListProperty property : PROPERTIES) {
			List<String> values = property.bind(entry.append(property.name()), sources, placeholders);
			if (values != null) {
				property.set(identity, values);
				bound = true;
			}
		}
		return bound ? identity : null;
	}

	/** A list-valued property of {@link MtlsProperties.Identity}, as Boot's binder sees it. */
	private record ListProperty(String name, String key, Field field, TypeDescriptor type) {

		static ListProperty of(Field field) {
			field.setAccessible(true);
			String name = DataObjectPropertyName.toDashedForm(field.getName());
			return new ListProperty(name, Narrowed.key(name), field, new TypeDescriptor(field));
		}

		@Nullable List<String> bind(ConfigurationPropertyName name, List<ConfigurationPropertySource> sources,
				PlaceholdersResolver placeholders) {
			for (ConfigurationPropertySource source : sources) {
				if (source instanceof Narrowed narrowed && !narrowed.mayHold(this.key)) {
					continue;
				}
				ConfigurationProperty value = source.getConfigurationProperty(name);
				if (value != null) {
					return convert(placeholders.resolvePlaceholders(value.getValue()));
				}
				List<String> indexed = indexed(name, source, placeholders);
				if (indexed != null) {
					return indexed;
				}
			}
			return null;
		}

		private List<String> convert(@Nullable Object value) {
			if (value == null || (value instanceof CharSequence chars && chars.isEmpty())) {
				return new ArrayList<>();
			}
			Object converted = CONVERSION.convert(value, TypeDescriptor.forObject(value), this.type);
			List<String> values = new ArrayList<>();
			for (Object element : (Collection<?>) converted) {
				values.add(CONVERSION.convert(element, String.class));
			}
			return values;
		}

		private @Nullable List<String> indexed(ConfigurationPropertyName name, ConfigurationPropertySource source,
				PlaceholdersResolver placeholders) {
			Set<String> known = new HashSet<>();
			if (source instanceof IterableConfigurationPropertySource iterable) {
				for (ConfigurationPropertyName child : iterable.filter(name::isAncestorOf)) {
					ConfigurationPropertyName chopped = child.chop(name.getNumberOfElements() + 1);
					if (chopped.isLastElementIndexed()) {
						known.add(chopped.getLastElement(Form.UNIFORM));
					}
				}
			}
			List<String> values = new ArrayList<>();
			ConfigurationProperty last = null;
			for (int i = 0;; i++) {
				ConfigurationPropertyName element = name.append("[" + i + "]");
				ConfigurationProperty property = source.getConfigurationProperty(element);
				Object value = (property != null) ? placeholders.resolvePlaceholders(property.getValue()) : null;
				if (value == null) {
					break;
				}
				known.remove(element.getLastElement(Form.UNIFORM));
				values.add(CONVERSION.convert(value, String.class));
				last = property;
			}
			if (!known.isEmpty()) {
				// Indexes with a gap before them would be silently dropped: Boot refuses them, and so do we.
				throw IdentitiesBinding.notAnIdentity((last != null) ? last.getName().toString() : name.toString());
			}
			return values.isEmpty() ? null : values;
		}

		void set(MtlsProperties.Identity identity, List<String> values) {
			try {
				this.field.set(identity, values);
			}
			catch (IllegalAccessException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	/**
	 * A source seen through the names it holds under one identity: lookups are the source's own
	 * (relaxed names, environment-variable forms), only walking it is confined to those names.
	 */
	private record Narrowed(ConfigurationPropertySource source, List<ConfigurationPropertyName> names,
			Set<String> keys) implements IterableConfigurationPropertySource {

		Narrowed(ConfigurationPropertySource source, List<ConfigurationPropertyName> names) {
			this(source, names, names.stream()
				.filter((name) -> name.getNumberOfElements() > ROOT.getNumberOfElements() + 1)
				.map((name) -> key(name.getElement(ROOT.getNumberOfElements() + 1, Form.ORIGINAL)))
				.collect(Collectors.toSet()));
		}

		/**
		 * Whether a property whose key is given may be set here, so that the lookups of the other
		 * properties (most identities set one or two of fourteen) are skipped. Relaxed names agree
		 * on their letters and digits; an environment variable's legacy form
		 * ({@code ..._SAN_URI}, walked as {@code san.uri}) starts with them.
		 */
		boolean mayHold(String key) {
			for (String held : this.keys) {
				if (key.startsWith(held)) {
					return true;
				}
			}
			return false;
		}

		/** A name's letters and digits, lower case: what relaxed spellings of it share. */
		static String key(String name) {
			StringBuilder key = new StringBuilder(name.length());
			for (int i = 0; i < name.length(); i++) {
				char c = name.charAt(i);
				if (Character.isLetterOrDigit(c)) {
					key.append(Character.toLowerCase(c));
				}
			}
			return key.toString();
		}

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
