package io.github.mtls.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documentation cannot drift from the configuration: every property in the generated metadata
 * has its row in a properties table of the README or a page of {@code docs/}, and every row names a
 * property that exists.
 */
class PropertyDocumentationTests {

	/** A table row whose first cell is a property, e.g. {@code | `mtls.trust.bundle` | ... |}. */
	private static final Pattern ROW = Pattern.compile("^\\| `((?:mtls|management\\.endpoint\\.mtls)\\.[^`]+)` \\|",
			Pattern.MULTILINE);

	private static final String IDENTITY_PREFIX = "mtls.identities.<name>.";

	private static final Set<String> metadata = new TreeSet<>();

	private static final Set<String> documented = new TreeSet<>();

	@BeforeAll
	static void read() throws IOException {
		try (InputStream in = PropertyDocumentationTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			JsonNode root = JsonMapper.builder().build().readTree(in);
			root.get("properties").forEach((property) -> metadata.add(property.get("name").asString()));
		}
		Path repository = Path.of("..").toAbsolutePath().normalize();
		List<Path> pages = new ArrayList<>(List.of(repository.resolve("README.md")));
		try (Stream<Path> docs = Files.list(repository.resolve("docs"))) {
			docs.filter((path) -> path.toString().endsWith(".md")).forEach(pages::add);
		}
		for (Path page : pages) {
			Matcher row = ROW.matcher(Files.readString(page));
			while (row.find()) {
				documented.add(row.group(1));
			}
		}
	}

	@Test
	void everyPropertyInTheMetadataHasItsRow() {
		Set<String> missing = new TreeSet<>(metadata);
		missing.remove("mtls.identities");
		missing.removeAll(documented);
		assertThat(missing).as("properties without a row in README.md or docs/*.md").isEmpty();
		assertThat(documented).as("identity properties").containsAll(identityProperties());
	}

	@Test
	void everyRowNamesAPropertyThatExists() {
		Set<String> unknown = new TreeSet<>(documented);
		unknown.removeAll(metadata);
		unknown.removeAll(identityProperties());
		assertThat(unknown).as("rows in README.md or docs/*.md naming no property").isEmpty();
	}

	/** {@code mtls.identities.<name>.*}: a map's values are not in the metadata, so read the class. */
	private static Set<String> identityProperties() {
		Set<String> names = new TreeSet<>();
		for (Field field : MtlsProperties.Identity.class.getDeclaredFields()) {
			if (!Modifier.isStatic(field.getModifiers())) {
				names.add(IDENTITY_PREFIX + field.getName().replaceAll("([A-Z])", "-$1").toLowerCase());
			}
		}
		return names;
	}

}
