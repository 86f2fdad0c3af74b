package io.github.mtls.actuate;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.mtls.identity.CertificateCacheLimits;
import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.core.CertificateOrigin;
import io.github.mtls.core.Decision;
import io.github.mtls.core.DecisionListener;
import io.github.mtls.identity.CertificateFactsCache;
import io.github.mtls.identity.ClientIdentity;
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.identity.SelectorKind;
import io.github.mtls.policy.CertificatePolicy;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestClock;

/** The real pipeline with identities pinned by subject, for unit tests of the observers. */
final class ObservedPipeline {

	final IdentityIndex identities;

	final AuthenticationPipeline pipeline;

	private ObservedPipeline(IdentityIndex identities, TestClock clock, List<DecisionListener> listeners) {
		this.identities = identities;
		this.pipeline = new AuthenticationPipeline(new CertificateFactsCache(CertificateCacheLimits.DEFAULTS), new CertificatePolicy(), identities,
				null, List.of(), listeners, clock);
	}

	static IdentityIndex pinned(Map<String, TestCertificate> identities) {
		List<ClientIdentity> pinned = new ArrayList<>();
		identities.forEach((name, certificate) -> pinned.add(new ClientIdentity(name,
				Map.of(SelectorKind.SUBJECT_DN, Set.of(SelectorKind.SUBJECT_DN.canonicalize(certificate.subjectDn()))),
				List.of())));
		return new IdentityIndex(pinned);
	}

	static ObservedPipeline of(IdentityIndex identities, TestClock clock, DecisionListener... listeners) {
		return new ObservedPipeline(identities, clock, List.of(listeners));
	}

	Decision present(TestCertificate certificate) {
		return this.pipeline.authenticate(certificate.chain().toArray(X509Certificate[]::new),
				CertificateOrigin.DIRECT);
	}

}
