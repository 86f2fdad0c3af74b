package io.github.mtls.audit;

import java.util.List;

import io.github.mtls.core.Decision;
import io.github.mtls.core.LogText;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * Published for every refused client certificate. Its exception carries the reason code and the
 * decision (certificate facts, origin); Actuator records it as {@code AUTHENTICATION_FAILURE}.
 */
public class MtlsAuthenticationFailureEvent extends AbstractAuthenticationFailureEvent {

	private static final List<GrantedAuthority> ANONYMOUS = AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS");

	public MtlsAuthenticationFailureEvent(Authentication authentication, MtlsAuthenticationException exception) {
		super(authentication, exception);
	}

	/**
	 * The event of a refusal: the attempt is anonymous, named by the certificate's subject when there
	 * is one (a client-chosen text, escaped like every log line), with the decision as its details.
	 */
	public static MtlsAuthenticationFailureEvent of(Decision.Refused refused) {
		String principal = (refused.certificate() != null) ? LogText.escape(refused.certificate().subjectName())
				: "anonymous";
		AnonymousAuthenticationToken attempt = new AnonymousAuthenticationToken("mtls", principal, ANONYMOUS);
		attempt.setDetails(refused);
		return new MtlsAuthenticationFailureEvent(attempt, new MtlsAuthenticationException(refused));
	}

	@Override
	public MtlsAuthenticationException getException() {
		return (MtlsAuthenticationException) super.getException();
	}

}
