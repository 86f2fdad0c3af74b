package io.github.mtls.actuate;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.mtls.core.Decision;
import io.github.mtls.core.Explanation;
import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.core.Trace;
import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.identity.ClientIdentity;
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.path.CertificationPath;
import io.github.mtls.path.PathVerdict;
import org.jspecify.annotations.Nullable;

/**
 * What {@code POST /actuator/mtls} (operation {@code verify}) answers: every step of the decision a
 * request presenting the chain would get at {@link #at}, in the order the pipeline takes them, and
 * the decision itself. Made from the pipeline's own {@link Explanation}; nothing here decides.
 *
 * @param at the time the chain was verified for
 * @param presented the certificates as submitted, leaf first
 * @param path the certification path built, leaf first, ending in the trust anchor; the path
 * attempted when it is invalid; empty when none could be built
 * @param chain the verdict on the path (RFC 5280 validation, the leaf's validity, anchor pinning)
 * @param leafPolicy the verdict on the leaf's own requirements (key usage, extended key usage, not
 * a CA)
 * @param revocation the revocation status of each certificate checked, leaf first; empty when
 * revocation was not reached (it runs only for a pinned identity) or no checker is configured
 * @param identity the identity lookup
 * @param decision what a request presenting this chain would get
 */
public record VerifyReport(Instant at, List<Certificate> presented, List<Certificate> path, Verdict chain,
		Verdict leafPolicy, List<Revocation> revocation, Identity identity, Outcome decision) {

	/**
	 * One certificate.
	 *
	 * @param role {@code leaf}, {@code intermediate} or {@code anchor} in {@link #path}; {@code leaf}
	 * or {@code presented} in {@link #presented}
	 * @param subject subject DN (RFC 2253)
	 * @param issuer issuer DN (RFC 2253)
	 * @param serial serial number, lowercase hex
	 * @param sha256 SHA-256 fingerprint of the DER encoding, lowercase hex
	 * @param notBefore start of validity
	 * @param notAfter end of validity
	 */
	public record Certificate(String role, String subject, String issuer, String serial, String sha256,
			Instant notBefore, Instant notAfter) {

	}

	/**
	 * The verdict of one step.
	 *
	 * @param verdict {@code valid}, {@code invalid} or {@code not-checked} for the chain;
	 * {@code passed}, {@code refused} or {@code not-checked} for the leaf policy
	 * @param reason the reason code when refused
	 * @param detail what exactly failed, or why the step did not run
	 */
	public record Verdict(String verdict, @Nullable String reason, @Nullable String detail) {

	}

	/**
	 * The revocation status of one certificate.
	 *
	 * @param subject subject DN (RFC 2253)
	 * @param sha256 SHA-256 fingerprint, lowercase hex
	 * @param status {@code good}, {@code revoked}, {@code unknown} or {@code unchecked}
	 * @param source {@code ocsp}, {@code crl}, {@code delta-crl} or {@code none}
	 * @param cached whether the status came from the revocation cache (else it was fetched for this
	 * report, and not kept)
	 * @param location the OCSP responder or CRL locations that answered
	 * @param producedAt when the status was obtained
	 * @param freshUntil until when it may be used
	 * @param detail the revocation time and reason, or why the status is unknown or unchecked
	 */
	public record Revocation(String subject, String sha256, String status, String source, boolean cached,
			@Nullable String location, @Nullable Instant producedAt, @Nullable Instant freshUntil,
			@Nullable String detail) {

	}

	/**
	 * The identity lookup.
	 *
	 * @param verdict {@code matched}, {@code not-pinned}, {@code ambiguous}, or {@code not-checked}
	 * when the chain was refused before the lookup
	 * @param identity the pinned identity that matched
	 * @param candidates every pinned identity that matched (more than one when ambiguous)
	 * @param detail why none matched
	 */
	public record Identity(String verdict, @Nullable String identity, List<String> candidates,
			@Nullable String detail) {

	}

	/**
	 * The decision.
	 *
	 * @param outcome {@code accepted} or {@code refused}
	 * @param reason the reason code a refused request carries in its problem response
	 * @param stage the stage that refused: {@code request}, {@code path}, {@code leaf-policy},
	 * {@code identity} or {@code revocation}
	 * @param status the HTTP status a request would get (200 when accepted, before authorisation)
	 * @param identity the identity the request is authenticated as (or, when refused, the identity
	 * the certificate is counted under)
	 * @param detail what exactly failed, as the server log says it
	 */
	public record Outcome(String outcome, @Nullable String reason, @Nullable String stage, int status,
			@Nullable String identity, @Nullable String detail) {

	}

	/**
	 * The report of one explanation.
	 * @param explanation the pipeline's explanation
	 * @param presented the chain as submitted, leaf first
	 * @param at the time it was explained for
	 * @return the report
	 */
	public static VerifyReport of(Explanation explanation, List<X509Certificate> presented, Instant at) {
		Decision decision = explanation.decision();
		Refusal refused = (decision instanceof Decision.Refused refusal) ? refusal.refusal() : null;
		List<Certificate> submitted = new ArrayList<>();
		for (int i = 0; i < presented.size(); i++) {
			submitted.add(certificate((i == 0) ? "leaf" : "presented", presented.get(i)));
		}
		return new VerifyReport(at, List.copyOf(submitted), path(explanation.path()), chain(explanation, refused),
				leafPolicy(explanation), explanation.revocation().stream().map(VerifyReport::revocation).toList(),
				identity(explanation, refused), outcome(decision));
	}

	private static List<Certificate> path(@Nullable PathVerdict verdict) {
		CertificationPath path = null;
		if (verdict instanceof PathVerdict.Valid valid) {
			path = valid.path();
		}
		else if (verdict instanceof PathVerdict.Invalid invalid) {
			path = invalid.attempted();
		}
		if (path == null) {
			return List.of();
		}
		List<X509Certificate> certificates = path.withAnchor();
		List<Certificate> described = new ArrayList<>();
		for (int i = 0; i < certificates.size(); i++) {
			X509Certificate certificate = certificates.get(i);
			String role = (i == 0) ? "leaf" : certificate.equals(path.anchor()) ? "anchor" : "intermediate";
			described.add(certificate(role, certificate));
		}
		return List.copyOf(described);
	}

	private static Verdict chain(Explanation explanation, @Nullable Refusal refused) {
		PathVerdict path = explanation.path();
		if (path instanceof PathVerdict.Invalid invalid) {
			return refused(invalid.refusal(), "invalid");
		}
		if (refused != null && refused.reason().stage() == RefusalReason.Stage.PATH) {
			// The leaf's validity and anchor pinning complete the path's verdict.
			return refused(refused, "invalid");
		}
		if (path == null) {
			return new Verdict("not-checked", null, (refused != null && explanation.identity() == null
					&& !explanation.leafPolicyChecked()) ? "not reached" : "the application knows no trust anchors: "
							+ "the TLS handshake validates the chain (or the proxy, in proxy mode)");
		}
		return new Verdict("valid", null, null);
	}

	private static Verdict leafPolicy(Explanation explanation) {
		Refusal refusal = explanation.leafPolicy();
		if (!explanation.leafPolicyChecked()
				|| (refusal != null && refusal.reason().stage() == RefusalReason.Stage.PATH)) {
			return new Verdict("not-checked", null, "not reached: the chain was refused first");
		}
		return (refusal != null) ? refused(refusal, "refused") : new Verdict("passed", null, null);
	}

	private static Identity identity(Explanation explanation, @Nullable Refusal refused) {
		IdentityIndex.Match match = explanation.identity();
		if (match == null) {
			return new Identity("not-checked", null, List.of(), "not reached: the chain was refused first");
		}
		List<String> candidates = match.matches().stream().map(ClientIdentity::name).toList();
		if (match.identity() != null) {
			return new Identity("matched", match.identity().name(), candidates, null);
		}
		if (match.ambiguous()) {
			return new Identity("ambiguous", null, candidates,
					"the certificate matches " + candidates.size() + " identities; exactly one must match");
		}
		String detail = (refused != null && refused.reason() == RefusalReason.IDENTITY_NOT_PINNED) ? refused.detail()
				: "no pinned identity matches";
		return new Identity("not-pinned", null, candidates, detail);
	}

	private static Outcome outcome(Decision decision) {
		String identity = (decision.identity() != null) ? decision.identity().name() : null;
		if (decision instanceof Decision.Refused refused) {
			RefusalReason reason = refused.reason();
			return new Outcome("refused", reason.code(), stage(reason.stage()), reason.status(), identity,
					refused.refusal().detail());
		}
		return new Outcome("accepted", null, null, 200, identity, null);
	}

	private static Revocation revocation(Trace.Revocation revocation) {
		X509Certificate certificate = revocation.certificate();
		return new Revocation(certificate.getSubjectX500Principal().getName(), sha256(certificate),
				revocation.status(), revocation.source(), revocation.cached(), revocation.location(),
				revocation.producedAt(),
				revocation.freshUntil(), revocation.detail());
	}

	private static Verdict refused(Refusal refusal, String verdict) {
		return new Verdict(verdict, refusal.reason().code(), refusal.detail());
	}

	private static String stage(RefusalReason.Stage stage) {
		return stage.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	private static Certificate certificate(String role, X509Certificate certificate) {
		return new Certificate(role, certificate.getSubjectX500Principal().getName(),
				certificate.getIssuerX500Principal().getName(), certificate.getSerialNumber().toString(16),
				sha256(certificate), certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
	}

	private static String sha256(X509Certificate certificate) {
		try {
			return CertificateFacts.sha256(certificate);
		}
		catch (CertificateEncodingException ex) {
			throw new IllegalStateException("Cannot fingerprint a certificate", ex);
		}
	}

}
