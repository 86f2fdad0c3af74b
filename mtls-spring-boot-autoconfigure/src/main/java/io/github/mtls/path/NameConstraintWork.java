package io.github.mtls.path;

import java.util.List;
import java.util.Locale;

import io.github.mtls.path.CertificateProfile.Violation;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.jspecify.annotations.Nullable;

/**
 * What name constraints cost along a path, and what a wildcard DNS name stands for (RFC 5280
 * 4.2.1.10). Each CA certificate's subtrees are compared with the names of every certificate below
 * it, so a crafted path of thousands of subtrees over thousands of names is refused before any
 * comparison, by counting.
 */
final class NameConstraintWork {

	private NameConstraintWork() {
	}

	/**
	 * Refuses a path whose name-constraint comparisons would exceed
	 * {@link CertificateProfile#MAX_NAME_CONSTRAINT_CHECKS}.
	 * @param shapes the path, leaf first, anchor last
	 */
	static @Nullable Violation check(List<CertificateShape> shapes) {
		long below = 0;
		long work = 0;
		for (CertificateShape shape : shapes) {
			long subtrees = subtrees(shape);
			work += subtrees * below;
			if (work > CertificateProfile.MAX_NAME_CONSTRAINT_CHECKS) {
				return new Violation(shape.certificate(), ProfileRule.NAME_CONSTRAINT_WORK,
						"its name constraints against the names below it exceed "
								+ CertificateProfile.MAX_NAME_CONSTRAINT_CHECKS + " comparisons");
			}
			below += names(shape).length + 1 + subtrees;
		}
		return null;
	}

	/**
	 * Refuses a wildcard DNS name {@code *.d} below a CA that excludes a subtree under {@code d}:
	 * the wildcard stands for names in that subtree, which a literal comparison would let through.
	 * Never relaxed, whatever the mode.
	 */
	static @Nullable Violation wildcards(List<CertificateShape> shapes) {
		for (int holder = 1; holder < shapes.size(); holder++) {
			NameConstraints constraints = constraints(shapes.get(holder));
			if (constraints == null || constraints.getExcludedSubtrees() == null) {
				continue;
			}
			for (GeneralSubtree excluded : constraints.getExcludedSubtrees()) {
				if (excluded.getBase().getTagNo() != GeneralName.dNSName) {
					continue;
				}
				String subtree = CertificateProfile.text(excluded.getBase()).toLowerCase(Locale.ROOT);
				for (int i = 0; i < holder; i++) {
					for (GeneralName name : names(shapes.get(i))) {
						String value = (name.getTagNo() == GeneralName.dNSName)
								? CertificateProfile.text(name).toLowerCase(Locale.ROOT) : "";
						if (value.startsWith("*.") && subtree.endsWith(value.substring(1))) {
							return new Violation(shapes.get(i).certificate(), ProfileRule.WILDCARD_NOT_EXCLUDED,
									"\"" + value + "\" stands for names in the subtree \"" + subtree + "\" that \""
											+ shapes.get(holder).subject() + "\" excludes");
						}
					}
				}
			}
		}
		return null;
	}

	private static long subtrees(CertificateShape shape) {
		NameConstraints constraints = constraints(shape);
		if (constraints == null) {
			return 0;
		}
		return length(constraints.getPermittedSubtrees()) + length(constraints.getExcludedSubtrees());
	}

	private static int length(GeneralSubtree @Nullable [] subtrees) {
		return (subtrees != null) ? subtrees.length : 0;
	}

	private static @Nullable NameConstraints constraints(CertificateShape shape) {
		Extension extension = shape.extension(Extension.nameConstraints);
		return (extension != null) ? NameConstraints.getInstance(extension.getParsedValue()) : null;
	}

	private static GeneralName[] names(CertificateShape shape) {
		Extension extension = shape.extension(Extension.subjectAlternativeName);
		return (extension != null) ? GeneralNames.getInstance(extension.getParsedValue()).getNames()
				: new GeneralName[0];
	}

}
