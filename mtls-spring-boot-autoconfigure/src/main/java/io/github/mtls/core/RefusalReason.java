package io.github.mtls.core;

/**
 * Why a request was refused. The {@link #code() code} is stable: clients, dashboards and alerts
 * may depend on it. Each reason carries the HTTP status it is answered with.
 */
public enum RefusalReason {

	/** No client certificate reached the application. */
	NO_CLIENT_CERTIFICATE("no_client_certificate", 401, "A client certificate is required.", Stage.REQUEST),

	/** The certificate's notAfter is in the past. */
	CERTIFICATE_EXPIRED("certificate_expired", 403, "The client certificate has expired.", Stage.PATH),

	/** The certificate's notBefore is in the future. */
	CERTIFICATE_NOT_YET_VALID("certificate_not_yet_valid", 403, "The client certificate is not yet valid.",
			Stage.PATH),

	/** Key usage, extended key usage, basic constraints or an unreadable extension rule it out. */
	CERTIFICATE_POLICY("certificate_policy", 403, "The client certificate is not allowed for client authentication.",
			Stage.LEAF_POLICY),

	/** The certificate chain does not end in a trusted (or pinned) trust anchor. */
	CERTIFICATE_UNTRUSTED("certificate_untrusted", 403, "The client certificate is not issued by a trusted authority.",
			Stage.PATH),

	/**
	 * A path to a trusted anchor was built but breaks a rule of RFC 5280 path validation: a
	 * signature, a CA certificate's validity, basic constraints, key usage, name constraints or
	 * certificate policies.
	 */
	CERTIFICATE_PATH_INVALID("certificate_path_invalid", 403, "The client certificate chain breaks path validation.",
			Stage.PATH),

	/** The certificate is valid but matches no pinned identity. */
	IDENTITY_NOT_PINNED("identity_not_pinned", 403, "The client certificate does not match any allowed identity.",
			Stage.IDENTITY),

	/** The certificate matches more than one pinned identity. */
	IDENTITY_AMBIGUOUS("identity_ambiguous", 403, "The client certificate matches more than one identity.",
			Stage.IDENTITY),

	/** The certificate, or a CA certificate of its chain, is revoked. */
	CERTIFICATE_REVOKED("certificate_revoked", 403, "The client certificate has been revoked.",
			Stage.REVOCATION),

	/** No fresh revocation status could be obtained and the failure policy refuses. */
	REVOCATION_UNKNOWN("revocation_unknown", 403, "The revocation status of the client certificate is unknown.",
			Stage.REVOCATION),

	/** A forwarded-certificate header arrived from a source that is not a trusted proxy. */
	UNTRUSTED_PROXY_HEADER("untrusted_proxy_header", 403, "Forwarded client certificates are not accepted from this source.",
			Stage.REQUEST),

	/** The forwarded-certificate header could not be decoded. */
	MALFORMED_CERTIFICATE_HEADER("malformed_certificate_header", 400, "The forwarded client certificate is malformed.",
			Stage.REQUEST),

	/**
	 * The request itself was rejected before authentication, by Spring Security's HTTP firewall
	 * ({@code ;}, {@code //}, {@code ..} or an encoded separator in the path, a disallowed method
	 * or header value).
	 */
	REQUEST_REJECTED("request_rejected", 400, "The request was rejected.", Stage.REQUEST),

	/**
	 * A presented or forwarded certificate is larger than {@code mtls.max-certificate-size}; refused
	 * before its facts are derived, its path is validated or anything about it is remembered.
	 */
	CERTIFICATE_TOO_LARGE("certificate_too_large", 400, "The client certificate is too large.", Stage.REQUEST),

	/** The identity is authenticated but lacks the authority the resource requires. */
	ACCESS_DENIED("access_denied", 403, "The client identity is not allowed to access this resource.",
			Stage.ACCESS),

	/**
	 * Spring Security's CSRF protection refused a state-changing request without a valid CSRF
	 * token, whoever the client is: a browser's client certificate is sent as automatically as a
	 * cookie, so the protection stays on unless the chain turns it off.
	 */
	CSRF_REJECTED("csrf_rejected", 403, "The request lacks a valid CSRF token.", Stage.ACCESS),

	/** The resource requires a second factor (access token or client secret) and none was presented. */
	SECOND_FACTOR_MISSING("second_factor_missing", 401, "A second authentication factor is required.",
			Stage.SECOND_FACTOR),

	/** The access token is malformed, expired, from an untrusted issuer or otherwise invalid. */
	TOKEN_INVALID("token_invalid", 401, "The access token is invalid.", Stage.SECOND_FACTOR),

	/** The access token carries no certificate binding (cnf.x5t#S256) while one is required. */
	TOKEN_NOT_BOUND("token_not_bound", 401, "The access token is not bound to a client certificate.",
			Stage.SECOND_FACTOR),

	/** The access token is bound to a different client certificate than the one presented. */
	TOKEN_CERTIFICATE_MISMATCH("token_certificate_mismatch", 401, "The access token is bound to another client certificate.",
			Stage.SECOND_FACTOR),

	/** The access token was issued to another subject than the certificate's identity accepts. */
	TOKEN_IDENTITY_MISMATCH("token_identity_mismatch", 403, "The access token was issued to another client identity.",
			Stage.SECOND_FACTOR),

	/** The client secret is wrong or belongs to another identity. */
	SECRET_INVALID("secret_invalid", 401, "The client secret is invalid.", Stage.SECOND_FACTOR);

	private final String code;

	private final int status;

	private final String description;

	private final Stage stage;

	RefusalReason(String code, int status, String description, Stage stage) {
		this.code = code;
		this.status = status;
		this.description = description;
		this.stage = stage;
	}

	/** The stable reason code, sent as the {@code reason} member of the problem response. */
	public String code() {
		return this.code;
	}

	/** The HTTP status of the response. */
	public int status() {
		return this.status;
	}

	/** A human-readable sentence for the problem's {@code detail}; never contains request data. */
	public String description() {
		return this.description;
	}

	/** The stage of the decision that refuses for this reason. */
	public Stage stage() {
		return this.stage;
	}

	/** The stages of a decision, in the order a request meets them. */
	public enum Stage {

		/**
		 * The request carries no usable certificate (missing, malformed header, untrusted proxy), or
		 * was rejected before any certificate was looked at.
		 */
		REQUEST,

		/** Certification path validation (RFC 5280 section 6.1), validity included. */
		PATH,

		/** The requirements on the client's own certificate (key usage, extended key usage, not a CA). */
		LEAF_POLICY,

		/** Matching the certificate to a pinned identity. */
		IDENTITY,

		/** Revocation of the certificates of the path. */
		REVOCATION,

		/** Authorisation of the request: the identity's authorities, and Spring Security's CSRF protection. */
		ACCESS,

		/** The second authentication factor. */
		SECOND_FACTOR

	}

}
