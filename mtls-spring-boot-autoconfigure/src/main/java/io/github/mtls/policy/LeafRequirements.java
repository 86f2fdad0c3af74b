package io.github.mtls.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.github.mtls.identity.InvalidSettingException;
import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.identity.Names;
import org.jspecify.annotations.Nullable;

/**
 * The usages a client certificate must carry ({@code mtls.policy.extended-key-usage} and
 * {@code mtls.policy.key-usage}), compiled once at startup and checked against the extensions that
 * {@link CertificateFacts} read once per certificate, so a request costs a lookup among a few OIDs
 * and a bit mask.
 * <p>
 * Each setting has three readings:
 * <ul>
 * <li>the default ({@code client-auth}, {@code digital-signature}) is RFC 5280's reading for a TLS
 * client, the one JSSE applies in the handshake: a certificate without the extension is
 * unrestricted; with it, the extension must allow clientAuth (anyExtendedKeyUsage does) and
 * digitalSignature;</li>
 * <li>{@code any} drops the requirement;</li>
 * <li>any other list is strict: the certificate must carry the extension and it must list every
 * value. anyExtendedKeyUsage does not stand in for a listed purpose (RFC 5280 4.2.1.12 lets an
 * application that requires a specific purpose reject it).</li>
 * </ul>
 * Whatever the settings, a CA certificate (basic constraints cA) is never a client identity.
 */
public final class LeafRequirements {

	/** The property of the extended key usage requirement. */
	public static final String EXTENDED_KEY_USAGE_PROPERTY = "mtls.policy.extended-key-usage";

	/** The property of the key usage requirement. */
	public static final String KEY_USAGE_PROPERTY = "mtls.policy.key-usage";

	/** The value that drops a requirement. */
	public static final String ANY = "any";

	static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

	static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

	private static final int DIGITAL_SIGNATURE = 1;

	/** RFC 5280 key purposes by property name, in the order they are documented. */
	private static final Map<String, Purpose> PURPOSES = purposes();

	/** RFC 5280 key usage bits a client identity can be required to have, by property name. */
	private static final Map<String, Usage> USAGES = usages();

	private static final LeafRequirements DEFAULTS = of(List.of("client-auth"), List.of("digital-signature"));

	private final Reading extendedKeyUsageReading;

	/** The required key purpose OIDs, in the order configured. */
	private final Set<String> extendedKeyUsage;

	private final Reading keyUsageReading;

	private final int keyUsage;

	private final List<String> keyUsageNames;

	private final String description;

	private LeafRequirements(Reading extendedKeyUsageReading, Set<String> extendedKeyUsage, Reading keyUsageReading,
			int keyUsage, List<String> keyUsageNames, String description) {
		this.extendedKeyUsageReading = extendedKeyUsageReading;
		this.extendedKeyUsage = extendedKeyUsage;
		this.keyUsageReading = keyUsageReading;
		this.keyUsage = keyUsage;
		this.keyUsageNames = keyUsageNames;
		this.description = description;
	}

	/** The defaults: clientAuth and digitalSignature allowed when the extensions are present. */
	public static LeafRequirements defaults() {
		return DEFAULTS;
	}

	/**
	 * Compiles the settings.
	 * @param extendedKeyUsage {@code any}, or key purpose names ({@code client-auth},
	 * {@code server-auth}, {@code code-signing}, {@code email-protection}, {@code time-stamping},
	 * {@code ocsp-signing}) and dotted OIDs
	 * @param keyUsage {@code any}, or key usage names ({@code digital-signature},
	 * {@code non-repudiation} or {@code content-commitment}, {@code key-encipherment},
	 * {@code data-encipherment}, {@code key-agreement})
	 * @return the compiled requirements
	 * @throws InvalidSettingException naming the first unusable value
	 */
	public static LeafRequirements of(@Nullable List<String> extendedKeyUsage, @Nullable List<String> keyUsage) {
		List<String> purposes = values(EXTENDED_KEY_USAGE_PROPERTY, extendedKeyUsage, "client-auth");
		List<String> usages = values(KEY_USAGE_PROPERTY, keyUsage, "digital-signature");
		Set<String> oids = new LinkedHashSet<>();
		for (int i = 0; i < purposes.size(); i++) {
			if (!purposes.get(i).equalsIgnoreCase(ANY)) {
				oids.add(purpose(EXTENDED_KEY_USAGE_PROPERTY + "[" + i + "]", purposes.get(i)));
			}
		}
		int bits = 0;
		List<String> names = new ArrayList<>();
		for (int i = 0; i < usages.size(); i++) {
			if (!usages.get(i).equalsIgnoreCase(ANY)) {
				Usage usage = usage(KEY_USAGE_PROPERTY + "[" + i + "]", usages.get(i));
				if ((bits & usage.bit()) == 0) {
					names.add(usage.rfcName());
				}
				bits |= usage.bit();
			}
		}
		Reading purposeReading = oids.isEmpty() ? Reading.ANY
				: oids.equals(Set.of(CLIENT_AUTH)) ? Reading.WHEN_PRESENT : Reading.REQUIRED;
		Reading usageReading = (bits == 0) ? Reading.ANY
				: (bits == DIGITAL_SIGNATURE) ? Reading.WHEN_PRESENT : Reading.REQUIRED;
		String description = "extended-key-usage=" + describe(purposeReading, names(oids)) + ", key-usage="
				+ describe(usageReading, names);
		return new LeafRequirements(purposeReading, Collections.unmodifiableSet(oids), usageReading, bits,
				List.copyOf(names), description);
	}

	/**
	 * Checks the usages of a client certificate; cheap enough for every request.
	 * @param leaf the client's certificate
	 * @return what it lacks, naming the property that requires it, or {@code null}
	 */
	public @Nullable String violation(CertificateFacts leaf) {
		if (leaf.certificateAuthority()) {
			return "basic constraints mark it as a CA certificate";
		}
		String purposes = purposeViolation(leaf.extendedKeyUsage());
		return (purposes != null) ? purposes : usageViolation(leaf.keyUsage());
	}

	private @Nullable String purposeViolation(@Nullable List<String> present) {
		switch (this.extendedKeyUsageReading) {
			case ANY:
				return null;
			case WHEN_PRESENT:
				return (present == null || present.contains(CLIENT_AUTH) || present.contains(ANY_EXTENDED_KEY_USAGE))
						? null : "extended key usage lacks clientAuth (" + EXTENDED_KEY_USAGE_PROPERTY + ")";
			default:
				if (present == null) {
					return "no extended key usage extension; required: " + String.join(", ", names(this.extendedKeyUsage))
							+ " (" + EXTENDED_KEY_USAGE_PROPERTY + ")";
				}
				if (present.containsAll(this.extendedKeyUsage)) {
					return null;
				}
				List<String> missing = new ArrayList<>();
				for (String oid : this.extendedKeyUsage) {
					if (!present.contains(oid)) {
						missing.add(name(oid));
					}
				}
				return "extended key usage lacks " + String.join(", ", missing) + " (" + EXTENDED_KEY_USAGE_PROPERTY
						+ ")";
		}
	}

	private @Nullable String usageViolation(int present) {
		switch (this.keyUsageReading) {
			case ANY:
				return null;
			case WHEN_PRESENT:
				return (present == CertificateFacts.NO_KEY_USAGE || (present & DIGITAL_SIGNATURE) != 0) ? null
						: "key usage lacks digitalSignature (" + KEY_USAGE_PROPERTY + ")";
			default:
				if (present == CertificateFacts.NO_KEY_USAGE) {
					return "no key usage extension; required: " + String.join(", ", this.keyUsageNames) + " ("
							+ KEY_USAGE_PROPERTY + ")";
				}
				if ((present & this.keyUsage) == this.keyUsage) {
					return null;
				}
				List<String> missing = new ArrayList<>();
				for (Usage usage : USAGES.values()) {
					if ((this.keyUsage & usage.bit()) != 0 && (present & usage.bit()) == 0
							&& !missing.contains(usage.rfcName())) {
						missing.add(usage.rfcName());
					}
				}
				return "key usage lacks " + String.join(", ", missing) + " (" + KEY_USAGE_PROPERTY + ")";
		}
	}

	/** The settings, as {@code extended-key-usage=[...], key-usage=[...]}. */
	@Override
	public String toString() {
		return this.description;
	}

	private static List<String> values(String property, @Nullable List<String> values, String example) {
		if (values == null || values.isEmpty()) {
			throw new InvalidSettingException(property, "", "must not be empty",
					"Set it to '" + ANY + "' to drop the requirement, or keep the default '" + example + "'.");
		}
		List<String> trimmed = new ArrayList<>(values.size());
		for (String value : values) {
			trimmed.add((value != null) ? value.strip() : "");
		}
		if (trimmed.size() > 1) {
			for (int i = 0; i < trimmed.size(); i++) {
				if (trimmed.get(i).equalsIgnoreCase(ANY)) {
					throw new InvalidSettingException(property + "[" + i + "]", trimmed.get(i),
							"'" + ANY + "' cannot be combined with other values",
							"Use '" + ANY + "' alone to drop the requirement, or list only the required values.");
				}
			}
		}
		return trimmed;
	}

	private static String purpose(String property, String value) {
		Purpose purpose = PURPOSES.get(key(value));
		if (purpose != null) {
			return purpose.oid();
		}
		try {
			Names.objectIdentifier(value);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSettingException(property, value,
					value.matches("[0-9.]+") ? ex.getMessage() : "not a known key purpose",
					"Use " + ANY + ", " + String.join(", ", documented(PURPOSES.keySet()))
							+ ", or a dotted OID such as 1.3.6.1.5.5.7.3.2.");
		}
		if (value.equals(ANY_EXTENDED_KEY_USAGE)) {
			throw new InvalidSettingException(property, value,
					"anyExtendedKeyUsage cannot be required: it satisfies no explicit list",
					"Use '" + ANY + "' to drop the extended key usage requirement.");
		}
		return value.intern();
	}

	private static Usage usage(String property, String value) {
		Usage usage = USAGES.get(key(value));
		if (usage != null) {
			return usage;
		}
		String key = key(value);
		if (key.equals("keycertsign") || key.equals("crlsign")) {
			throw new InvalidSettingException(property, value,
					"a client identity is never a CA, so it cannot be required to sign certificates or CRLs",
					"Remove it; CA certificates are refused as client identities whatever the settings.");
		}
		throw new InvalidSettingException(property, value, "not a known key usage",
				"Use " + ANY + ", " + String.join(", ", documented(USAGES.keySet())) + ".");
	}

	private static String key(String value) {
		return value.replace("-", "").toLowerCase(Locale.ROOT);
	}

	private static List<String> documented(Set<String> keys) {
		return keys.stream().filter((key) -> key.contains("-")).toList();
	}

	private static String describe(Reading reading, List<String> names) {
		return switch (reading) {
			case ANY -> ANY;
			case WHEN_PRESENT -> names + " when present";
			case REQUIRED -> names.toString();
		};
	}

	private static List<String> names(Set<String> oids) {
		return oids.stream().map(LeafRequirements::name).toList();
	}

	private static String name(String oid) {
		for (Purpose purpose : PURPOSES.values()) {
			if (purpose.oid().equals(oid)) {
				return purpose.rfcName();
			}
		}
		return oid;
	}

	private static Map<String, Purpose> purposes() {
		Map<String, Purpose> purposes = new LinkedHashMap<>();
		add(purposes, new Purpose("client-auth", "clientAuth", CLIENT_AUTH));
		add(purposes, new Purpose("server-auth", "serverAuth", "1.3.6.1.5.5.7.3.1"));
		add(purposes, new Purpose("code-signing", "codeSigning", "1.3.6.1.5.5.7.3.3"));
		add(purposes, new Purpose("email-protection", "emailProtection", "1.3.6.1.5.5.7.3.4"));
		add(purposes, new Purpose("time-stamping", "timeStamping", "1.3.6.1.5.5.7.3.8"));
		add(purposes, new Purpose("ocsp-signing", "OCSPSigning", "1.3.6.1.5.5.7.3.9"));
		return purposes;
	}

	private static void add(Map<String, Purpose> purposes, Purpose purpose) {
		purposes.put(purpose.name(), purpose);
		purposes.put(key(purpose.name()), purpose);
	}

	private static Map<String, Usage> usages() {
		Map<String, Usage> usages = new LinkedHashMap<>();
		add(usages, "digital-signature", new Usage("digitalSignature", 0));
		add(usages, "non-repudiation", new Usage("nonRepudiation", 1));
		add(usages, "content-commitment", new Usage("nonRepudiation", 1));
		add(usages, "key-encipherment", new Usage("keyEncipherment", 2));
		add(usages, "data-encipherment", new Usage("dataEncipherment", 3));
		add(usages, "key-agreement", new Usage("keyAgreement", 4));
		return usages;
	}

	private static void add(Map<String, Usage> usages, String name, Usage usage) {
		usages.put(name, usage);
		usages.put(key(name), usage);
	}

	/** How a setting reads. */
	private enum Reading {

		/** No requirement. */
		ANY,

		/** The default: allowed when the extension is present, no restriction without it. */
		WHEN_PRESENT,

		/** The extension must be present and list every value. */
		REQUIRED

	}

	private record Purpose(String name, String rfcName, String oid) {
	}

	private record Usage(String rfcName, int index) {

		int bit() {
			return 1 << this.index;
		}

	}

}
