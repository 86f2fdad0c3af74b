package io.github.mtls.web;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.http.HttpServletRequest;

import io.github.mtls.core.ChainCheck;
import io.github.mtls.core.Decision;
import io.github.mtls.core.DecisionListener;
import io.github.mtls.core.Refusal;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.test.TestClock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the proxy-mode end-to-end tests add to the test application: a settable clock, a chain
 * check standing in for revocation (so the test shows forwarded chains run the same checks), a
 * listener that records decisions, and endpoints that echo what reached the application.
 */
@TestConfiguration(proxyBeanMethods = false)
class ProxyModeTestConfiguration {

	/** Serial numbers the stand-in revocation check refuses. */
	static final Set<BigInteger> revoked = ConcurrentHashMap.newKeySet();

	@Bean
	TestClock clock() {
		return TestClock.now();
	}

	@Bean
	ChainCheck revokedSerials() {
		return (chain) -> revoked.contains(chain.path().leaf().getSerialNumber())
				? new Refusal(RefusalReason.CERTIFICATE_REVOKED, "revoked in test") : null;
	}

	@Bean
	Decisions decisions() {
		return new Decisions();
	}

	static class Decisions extends CopyOnWriteArrayList<Decision> implements DecisionListener {

		@Override
		public void onDecision(Decision decision) {
			add(decision);
		}

		Decision last() {
			return get(size() - 1);
		}

	}

	@RestController
	static class Forwarded {

		/** The raw header the proxy sent, as captured from the real proxy. */
		@GetMapping("/forwarded")
		Map<String, String> forwarded(HttpServletRequest request) {
			String header = request.getHeader("X-SSL-Client-Cert");
			return Map.of("header", (header != null) ? header : "");
		}

		/** The subject of the certificate in the servlet attribute, as Spring Security's consumers see it. */
		@GetMapping("/attribute")
		String attribute(HttpServletRequest request) {
			X509Certificate[] chain = (X509Certificate[]) request
				.getAttribute(ClientCertificateResolver.CERTIFICATE_ATTRIBUTE);
			return (chain != null) ? chain[0].getSubjectX500Principal().getName() : "none";
		}

	}

}
