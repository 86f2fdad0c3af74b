package io.github.mtls.sample.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every fenced block of README.md and docs/*.md names its language, and every Java block is the
 * text of a tagged region of a test that the build compiles and runs: the block is preceded by
 * {@code <!-- example: <path>#<region> -->} and equals the lines between
 * {@code // tag::<region>[]} and {@code // end::<region>[]} of that file (common indentation
 * removed, leading tabs as four spaces, lines of nested tags left out).
 */
class DocumentationExamplesTests {

	static final Path ROOT = Path.of("..");

	private static final Pattern MARKER = Pattern.compile("<!-- example: (\\S+)#(\\S+) -->");

	@Test
	void everyJavaBlockOfTheDocumentationIsATestedExample() throws IOException {
		List<String> problems = new ArrayList<>();
		List<Path> documents = documents();
		int blocks = 0;
		for (Path document : documents) {
			List<String> lines = Files.readAllLines(document);
			for (int i = 0; i < lines.size(); i++) {
				String fence = lines.get(i).strip();
				if (!fence.startsWith("```")) {
					continue;
				}
				String where = ROOT.relativize(document) + ":" + (i + 1);
				List<String> block = block(lines, i + 1);
				if (fence.equals("```")) {
					// An unnamed block could hold Java that no test runs: every block names its language.
					problems.add(where + ": a ``` block without a language (java, yaml, shell, text, ...)");
				}
				else if (fence.equals("```java")) {
					blocks++;
					problems.addAll(check(where, marker(lines, i), block));
				}
				i += block.size() + 1;
			}
		}
		assertThat(blocks).as("Java blocks in %s", documents).isGreaterThan(5);
		assertThat(problems).isEmpty();
	}

	@Test
	void aRegionIsItsLinesWithoutTheCommonIndentationOrNestedTags() {
		List<String> file = List.of("class A {", "\t// tag::outer[]", "\tvoid a() {", "\t\t// tag::inner[]",
				"\t\tb();", "\t\t// end::inner[]", "\t}", "\t// end::outer[]", "}");
		assertThat(region(file, "outer")).containsExactly("void a() {", "    b();", "}");
		assertThat(region(file, "inner")).containsExactly("b();");
		assertThat(region(file, "missing")).isNull();
	}

	private static List<Path> documents() throws IOException {
		List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md")));
		try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
			docs.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
		}
		return documents;
	}

	private static List<String> check(String where, @Nullable Matcher marker, List<String> block) throws IOException {
		if (marker == null) {
			return List.of(where + ": a ```java block without a <!-- example: <path>#<region> --> line before it");
		}
		Path source = ROOT.resolve(marker.group(1));
		if (!Files.isRegularFile(source)) {
			return List.of(where + ": example file " + marker.group(1) + " does not exist");
		}
		List<String> region = region(Files.readAllLines(source), marker.group(2));
		if (region == null) {
			return List.of(where + ": no region '" + marker.group(2) + "' in " + marker.group(1));
		}
		if (!region.equals(normalized(block))) {
			return List.of(where + ": differs from " + marker.group(1) + "#" + marker.group(2) + "; the region reads:\n"
					+ String.join("\n", region));
		}
		return List.of();
	}

	/** The marker on the last non-blank line before line {@code fence}, or null. */
	private static @Nullable Matcher marker(List<String> lines, int fence) {
		for (int i = fence - 1; i >= 0; i--) {
			if (!lines.get(i).isBlank()) {
				Matcher matcher = MARKER.matcher(lines.get(i).strip());
				return matcher.matches() ? matcher : null;
			}
		}
		return null;
	}

	private static List<String> block(List<String> lines, int from) {
		List<String> block = new ArrayList<>();
		for (int i = from; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
			block.add(lines.get(i));
		}
		return block;
	}

	/** The lines of region {@code name}, normalized, or null when the file has no such region. */
	static @Nullable List<String> region(List<String> file, String name) {
		List<String> region = null;
		for (String line : file) {
			String tag = line.strip();
			if (region != null && tag.equals("// end::" + name + "[]")) {
				return normalized(region);
			}
			if (tag.equals("// tag::" + name + "[]")) {
				region = new ArrayList<>();
			}
			else if (region != null && !tag.startsWith("// tag::") && !tag.startsWith("// end::")) {
				region.add(line);
			}
		}
		return null;
	}

	/** Leading tabs as four spaces, trailing blanks and the common indentation removed. */
	static List<String> normalized(List<String> lines) {
		List<String> expanded = lines.stream()
			.map(DocumentationExamplesTests::expandLeadingTabs)
			.map(String::stripTrailing)
			.toList();
		int indent = expanded.stream()
			.filter((line) -> !line.isEmpty())
			.mapToInt((line) -> line.length() - line.stripLeading().length())
			.min()
			.orElse(0);
		return expanded.stream().map((line) -> line.isEmpty() ? line : line.substring(indent)).toList();
	}

	private static String expandLeadingTabs(String line) {
		int tabs = 0;
		while (tabs < line.length() && line.charAt(tabs) == '\t') {
			tabs++;
		}
		return "    ".repeat(tabs) + line.substring(tabs);
	}

}
