package io.github.mtls.web;

import org.springframework.security.config.annotation.web.HttpSecurityBuilder;
import org.springframework.security.config.annotation.web.configurers.AnonymousConfigurer;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.annotation.web.configurers.LogoutConfigurer;
import org.springframework.security.config.annotation.web.configurers.RequestCacheConfigurer;
import org.springframework.security.config.annotation.web.configurers.ServletApiConfigurer;
import org.springframework.security.config.annotation.web.configurers.SessionManagementConfigurer;
import org.springframework.security.config.annotation.web.configurers.DefaultLoginPageConfigurer;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;

/**
 * The filters a stateless mTLS API does without. Every request is authenticated by its certificate,
 * so there is no session to manage, no login to remember a request for, no anonymous user to stand in
 * (a refused request stays unauthenticated and is answered with its reason code), nothing to log out
 * of, and no browser to protect from framing or reflected scripts. Each removed filter was work on
 * every request of a kept-alive connection (issue 22).
 */
final class LeanChain {

	private LeanChain() {
	}

	/**
	 * Removes the configurers of the filters above and replaces the shared objects their
	 * {@code init} already set: the security context lives in a request attribute only, and no
	 * request is saved for a login that never comes.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static <H extends HttpSecurityBuilder<H>> void apply(H http) {
		http.removeConfigurer(SessionManagementConfigurer.class);
		http.removeConfigurer(RequestCacheConfigurer.class);
		http.removeConfigurer(AnonymousConfigurer.class);
		http.removeConfigurer(LogoutConfigurer.class);
		http.removeConfigurer(ServletApiConfigurer.class);
		http.removeConfigurer(DefaultLoginPageConfigurer.class);
		http.setSharedObject(SecurityContextRepository.class, new RequestAttributeSecurityContextRepository());
		http.setSharedObject(RequestCache.class, new NullRequestCache());
		HeadersConfigurer<H> headers = http.getConfigurer(HeadersConfigurer.class);
		if (headers != null) {
			// Framing and reflected-script protection matter to a browser rendering HTML, not to an API client.
			headers.frameOptions((frame) -> frame.disable());
			headers.xssProtection((xss) -> xss.disable());
		}
	}

}
