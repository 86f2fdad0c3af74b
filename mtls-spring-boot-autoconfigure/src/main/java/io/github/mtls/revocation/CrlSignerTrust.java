package io.github.mtls.revocation;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import io.github.mtls.path.CertificationPath;
import io.github.mtls.path.PathSettings;
import io.github.mtls.path.PathValidator;
import io.github.mtls.path.PathVerdict;
import io.github.mtls.path.ProfileMode;
import org.jspecify.annotations.Nullable;

/**
 * Whether a CRL signer other than the certificate's issuer may be trusted (RFC 5280 6.3.3 (f)): its
 * own path to the same anchor is valid, and none of that path's certificates is revoked by the CRLs
 * at hand. Nested at most three signers deep.
 */
final class CrlSignerTrust implements CrlValidation.SignerTrust {

	private final RevocationSettings settings;

	private final Supplier<List<X509Certificate>> trustAnchors;

	private @Nullable CrlSource crls;

	CrlSignerTrust(RevocationSettings settings, Supplier<List<X509Certificate>> trustAnchors) {
		this.settings = settings;
		this.trustAnchors = trustAnchors;
	}

	/** The CRL source that asks this trust about its signers, and that it asks in turn. */
	void crls(CrlSource crls) {
		this.crls = crls;
	}

	@Override
	public @Nullable String untrusted(X509Certificate signer, @Nullable X509Certificate anchor,
			Collection<X509Certificate> pool, CrlQuery query) {
		Instant at = query.at();
		if (query.signing().size() >= 3) {
			return "CRL signers nest more than 3 deep";
		}
		CrlQuery nested = query.nested(signer);
		List<X509Certificate> anchors = (anchor != null) ? List.of(anchor) : this.trustAnchors.get();
		// The signer's profile relaxes only the rules without security weight: a CRL signer is no client.
		PathValidator validator = new PathValidator(PathSettings.DEFAULTS.withProfile(ProfileMode.COMPATIBLE), anchors);
		PathVerdict verdict = validator.validate(signer, pool, at);
		if (verdict instanceof PathVerdict.Invalid invalid) {
			return invalid.refusal().detail();
		}
		CertificationPath path = ((PathVerdict.Valid) verdict).path();
		for (int i = 0; i < path.certificates().size(); i++) {
			if (path.isAnchor(i)) {
				continue;
			}
			RevocationTarget target;
			try {
				target = RevocationTarget.of(path.certificates().get(i), path.issuerOf(i), List.copyOf(pool),
						path.anchor(), this.settings);
			}
			catch (RevocationSourceException ex) {
				return ex.getMessage();
			}
			if (target.crlLocations().isEmpty()) {
				// As for the certificates of a client's own chain: a certificate that names no CRL,
				// with none configured, is unchecked unless require-source says otherwise. Asking
				// for a CRL that cannot exist would make every separate CRL signer untrusted.
				if (this.settings.requireSource()) {
					return target.label() + " names no CRL and none is configured "
							+ "(mtls.revocation.require-source is true)";
				}
				continue;
			}
			try {
				RevocationStatus status = this.crls.check(target, this.settings.crlTimeout(), nested);
				if (status.state() == RevocationStatus.State.REVOKED) {
					return target.label() + " is revoked (" + status.reason() + ")";
				}
			}
			catch (RevocationSourceException ex) {
				return "the revocation status of " + target.label() + " is unknown: " + ex.getMessage();
			}
		}
		return null;
	}

}
