package io.github.mtls.audit;

import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.core.Authentication;

/**
 * Published for every refused client certificate. Its exception carries the reason code and the
 * decision (certificate facts, origin); Actuator records it as {@code AUTHENTICATION_FAILURE}.
 */
public class MtlsAuthenticationFailureEvent extends AbstractAuthenticationFailureEvent {

	public MtlsAuthenticationFailureEvent(Authentication authentication, MtlsAuthenticationException exception) {
		super(authentication, exception);
	}

	@Override
	public MtlsAuthenticationException getException() {
		return (MtlsAuthenticationException) super.getException();
	}

}
