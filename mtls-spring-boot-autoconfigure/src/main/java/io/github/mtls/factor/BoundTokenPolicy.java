package io.github.mtls.factor;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.identity.ClientIdentity;
import org.jspecify.annotations.Nullable;

/**
 * What an access token must say, beyond the signature and lifetime its decoder already checked,
 * to count as the second factor of a certificate-authenticated identity.
 * <ol>
 * <li><b>Binding</b> (RFC 8705 section 3.1): the {@code cnf} claim's {@code x5t#S256} member must be
 * the base64url SHA-256 thumbprint of the certificate of this very request. Without it a token
 * stolen from one client works from any other client's certificate. A token without the claim is
 * refused while binding is required; a token that carries it is always checked.</li>
 * <li><b>Identity consistency</b>: the token's subject claim must be one of the subjects the
 * certificate's identity accepts ({@code mtls.identities.<name>.token-subject}), so a certificate
 * of {@code orders} with a token issued to {@code billing} is refused.</li>
 * </ol>
 * Binding is checked first: a token that is not this client's says nothing about identities.
 */
public final class BoundTokenPolicy {

	/** The confirmation claim (RFC 7800). */
	public static final String CONFIRMATION_CLAIM = "cnf";

	/** The certificate thumbprint confirmation method (RFC 8705 section 3.1). */
	public static final String THUMBPRINT_MEMBER = "x5t#S256";

	private final boolean requireBinding;

	private final String subjectClaim;

	/**
	 * @param requireBinding whether a token without {@code cnf.x5t#S256} is refused
	 * @param subjectClaim the claim naming the token's subject ({@code sub}, {@code client_id},
	 * {@code azp}, ...); the subjects each identity accepts are the identity's own
	 * ({@link ClientIdentity#tokenSubjects()}), from the configuration the request was decided with
	 */
	public BoundTokenPolicy(boolean requireBinding, String subjectClaim) {
		this.requireBinding = requireBinding;
		this.subjectClaim = subjectClaim;
	}

	/**
	 * Checks a validated token's claims against the request's certificate and identity.
	 * @param claims the token's claims (JWT claims or introspection attributes)
	 * @param identity the identity the certificate authenticated
	 * @param certificate the request's client certificate
	 * @return {@code null} when the token is this identity's and bound to this certificate, else
	 * the refusal ({@code token_invalid} for a {@code cnf} claim of the wrong JSON type,
	 * {@code token_not_bound}, {@code token_certificate_mismatch} or {@code token_identity_mismatch});
	 * details never contain the token
	 */
	public @Nullable Refusal check(Map<String, ?> claims, ClientIdentity identity, CertificateFacts certificate) {
		Refusal binding = checkBinding(claims, certificate);
		if (binding != null) {
			return binding;
		}
		Object subject = claims.get(this.subjectClaim);
		Set<String> accepted = identity.tokenSubjects();
		if (!(subject instanceof String name) || !accepted.contains(name)) {
			return new Refusal(RefusalReason.TOKEN_IDENTITY_MISMATCH, "token " + this.subjectClaim + " '"
					+ printable(subject) + "' is not accepted by identity " + identity.name());
		}
		return null;
	}

	/** Only the binding rule, for classifying a token the decoder rejected after its signature verified. */
	public @Nullable Refusal checkBinding(Map<String, ?> claims, CertificateFacts certificate) {
		Object confirmation = claims.get(CONFIRMATION_CLAIM);
		if (confirmation != null && !(confirmation instanceof Map<?, ?>)) {
			// RFC 7800 section 3.1: cnf is a JSON object. Anything else is a malformed token, not an unbound one.
			return new Refusal(RefusalReason.TOKEN_INVALID, "token cnf claim is not a JSON object");
		}
		Object thumbprint = (confirmation != null) ? ((Map<?, ?>) confirmation).get(THUMBPRINT_MEMBER) : null;
		if (thumbprint == null) {
			return this.requireBinding
					? new Refusal(RefusalReason.TOKEN_NOT_BOUND, "token has no cnf.x5t#S256 certificate binding")
					: null;
		}
		if (!(thumbprint instanceof String)) {
			return new Refusal(RefusalReason.TOKEN_INVALID, "token cnf.x5t#S256 is not a string");
		}
		if (!thumbprint(certificate).equals(thumbprint)) {
			return new Refusal(RefusalReason.TOKEN_CERTIFICATE_MISMATCH,
					"token is bound to another certificate (cnf.x5t#S256 " + printable(thumbprint) + ")");
		}
		return null;
	}

	/** The RFC 8705 thumbprint of a certificate: base64url, unpadded, of its DER's SHA-256. */
	public static String thumbprint(CertificateFacts certificate) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(HexFormat.of().parseHex(certificate.sha256()));
	}

	public boolean requireBinding() {
		return this.requireBinding;
	}

	public String subjectClaim() {
		return this.subjectClaim;
	}

	/** A claim value for the operator log: short, no control characters. */
	private static String printable(@Nullable Object value) {
		if (value == null) {
			return "(none)";
		}
		String text = String.valueOf(value);
		if (text.length() > 64) {
			text = text.substring(0, 64) + "...";
		}
		return text.replaceAll("\\p{Cntrl}", "?");
	}

}
