package io.github.mtls.test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An {@link Identity} as a value: equal declarations give the same certificate and the same
 * properties, which keeps Spring's test context cache effective across test classes.
 */
record IdentityDeclaration(String name, String subject, List<String> sanDns, List<String> sanUri,
		List<String> sanEmail, List<String> sanIp, String issuer, boolean pinned, List<Selector> pinnedBy,
		List<String> authorities) {

	/** A uniform element of a Spring Boot configuration property name. */
	private static final Pattern VALID_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

	static IdentityDeclaration of(Identity identity) {
		if (!VALID_NAME.matcher(identity.name()).matches()) {
			throw new IllegalStateException("@Identity(name = \"" + identity.name()
					+ "\") must be lowercase letters, digits and '-', as it becomes mtls.identities." + identity.name());
		}
		return new IdentityDeclaration(identity.name(),
				identity.subject().isEmpty() ? "CN=" + identity.name() : identity.subject(),
				List.of(identity.sanDns()), List.of(identity.sanUri()), List.of(identity.sanEmail()),
				List.of(identity.sanIp()), identity.issuer(), identity.pinned(), List.of(identity.pinnedBy()),
				List.of(identity.authorities()));
	}

	TestCertificate issue(TestPki pki) {
		TestCertificate.Builder builder = TestCertificate.client(this.subject);
		this.sanDns.forEach(builder::sanDns);
		this.sanUri.forEach(builder::sanUri);
		this.sanEmail.forEach(builder::sanEmail);
		this.sanIp.forEach(builder::sanIp);
		return builder.signedBy(this.issuer.isEmpty() ? pki.root() : pki.authority(this.issuer)).build();
	}

	/**
	 * The {@code mtls.identities.<name>.*} properties that pin {@code certificate}, none when not
	 * pinned. A selector the certificate offers no value for is a mistake in the declaration.
	 */
	Map<String, String> properties(TestCertificate certificate) {
		Map<String, String> properties = new LinkedHashMap<>();
		if (!this.pinned) {
			return properties;
		}
		if (this.pinnedBy.isEmpty()) {
			throw new IllegalStateException(
					"@Identity(name = \"" + this.name + "\") is pinned by no selector; use pinned = false for an unpinned client");
		}
		Set<Selector> selectors = new LinkedHashSet<>(this.pinnedBy);
		if (selectors.contains(Selector.SERIAL)) {
			selectors.add(Selector.ISSUER_DN);
		}
		String prefix = "mtls.identities." + this.name + ".";
		for (Selector selector : selectors) {
			List<String> values = selector.values(certificate);
			if (values.isEmpty()) {
				throw new IllegalStateException("@Identity(name = \"" + this.name + "\") is pinned by "
						+ selector.property() + " but its certificate has no such value; declare one");
			}
			indexed(properties, prefix + selector.property(), values);
		}
		indexed(properties, prefix + "authorities", this.authorities);
		return properties;
	}

	private static void indexed(Map<String, String> properties, String name, List<String> values) {
		List<String> list = new ArrayList<>(values);
		for (int i = 0; i < list.size(); i++) {
			properties.put(name + "[" + i + "]", list.get(i));
		}
	}

}
