package io.github.mtls.audit;

import io.github.mtls.core.Decision;
import io.github.mtls.core.RefusalReason;
import org.springframework.security.core.AuthenticationException;

/**
 * A refused client certificate, as Spring Security sees it. The message is the stable reason
 * code, so Actuator's audit events ({@code AUTHENTICATION_FAILURE}, with {@code type} and
 * {@code message}) record it without internals.
 */
public class MtlsAuthenticationException extends AuthenticationException {

	private final transient Decision.Refused decision;

	public MtlsAuthenticationException(Decision.Refused decision) {
		super(decision.reason().code());
		this.decision = decision;
	}

	public RefusalReason reason() {
		return this.decision.reason();
	}

	public Decision.Refused decision() {
		return this.decision;
	}

}
