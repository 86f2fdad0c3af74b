package io.github.mtls.path;

import io.github.mtls.core.Refusal;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of path validation for one chain.
 */
public sealed interface PathVerdict permits PathVerdict.Valid, PathVerdict.Invalid {

	/**
	 * A valid path to a trust anchor.
	 *
	 * @param path the path built
	 */
	record Valid(CertificationPath path) implements PathVerdict {
	}

	/**
	 * No valid path.
	 *
	 * @param refusal {@code certificate_untrusted} when no path to an anchor could be built,
	 * {@code certificate_path_invalid} when every path built breaks a rule of RFC 5280
	 * @param attempted the first path built, when one was
	 */
	record Invalid(Refusal refusal, @Nullable CertificationPath attempted) implements PathVerdict {
	}

}
