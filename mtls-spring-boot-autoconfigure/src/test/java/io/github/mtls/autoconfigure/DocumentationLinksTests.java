package io.github.mtls.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every relative link of the README and the {@code docs/} pages leads to a file that exists and, when
 * it names a section, to a heading of that file, so that moving a section cannot strand a link.
 */
class DocumentationLinksTests {

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

	private static final Pattern HEADING = Pattern.compile("^#{1,6} (.*)$");

	private final Path repository = Path.of("..").toAbsolutePath().normalize();

	@Test
	void everyRelativeLinkLeadsToAnExistingFileAndHeading() throws IOException {
		List<String> broken = new ArrayList<>();
		for (Path page : pages()) {
			Matcher link = LINK.matcher(Files.readString(page));
			while (link.find()) {
				String target = link.group(1);
				if (target.matches("[a-z]+:.*")) {
					continue;
				}
				int hash = target.indexOf('#');
				String file = (hash >= 0) ? target.substring(0, hash) : target;
				Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
				if (!Files.exists(resolved)) {
					broken.add(this.repository.relativize(page) + ": " + target + " (no such file)");
				}
				else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
					broken.add(this.repository.relativize(page) + ": " + target + " (no such heading)");
				}
			}
		}
		assertThat(broken).isEmpty();
	}

	private List<Path> pages() throws IOException {
		List<Path> pages = new ArrayList<>(List.of(this.repository.resolve("README.md")));
		try (Stream<Path> docs = Files.list(this.repository.resolve("docs"))) {
			docs.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
		}
		return pages;
	}

	/** GitHub's anchors: the heading in lowercase, punctuation dropped, spaces as hyphens. */
	private static Set<String> anchors(Path page) throws IOException {
		Set<String> anchors = new HashSet<>();
		boolean code = false;
		for (String line : Files.readAllLines(page)) {
			if (line.startsWith("```")) {
				code = !code;
			}
			Matcher heading = HEADING.matcher(line);
			if (!code && heading.matches()) {
				anchors.add(heading.group(1).trim().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_\\- ]", "")
					.replace(' ', '-'));
			}
		}
		return anchors;
	}

}
