package io.github.mtls.core;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.identity.CertificateFactsCache;
import io.github.mtls.identity.ClientIdentity;
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.policy.CertificatePolicy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one decision function: a client certificate chain in, an {@link Decision.Accepted accepted
 * identity} or a {@link Decision.Refused refusal} out. Direct and proxy mode differ only in how the
 * chain arrives; both call {@link #authenticate}.
 *
 * <p>Order of work, cheapest refusal first: certificate facts (cached per certificate), policy,
 * identity lookup, then the {@link ChainCheck chain checks} (trust-anchor pinning, revocation). An
 * unpinned certificate therefore never causes an outbound OCSP or CRL request.
 */
public final class AuthenticationPipeline {

	private static final Logger logger = LoggerFactory.getLogger(AuthenticationPipeline.class);

	private final CertificateFactsCache facts;

	private final CertificatePolicy policy;

	private final IdentityIndex identities;

	private final List<ChainCheck> checks;

	private final List<DecisionListener> listeners;

	private final Clock clock;

	public AuthenticationPipeline(CertificateFactsCache facts, CertificatePolicy policy, IdentityIndex identities,
			List<ChainCheck> checks, List<DecisionListener> listeners, Clock clock) {
		this.facts = facts;
		this.policy = policy;
		this.identities = identities;
		this.checks = List.copyOf(checks);
		this.listeners = List.copyOf(listeners);
		this.clock = clock;
	}

	/**
	 * Decides whether a certificate chain authenticates a pinned identity.
	 * @param chain the chain, leaf first, as validated by the TLS handshake or re-validated from a
	 * proxy header; {@code null} or empty when no certificate was presented
	 * @param origin how the chain arrived
	 * @return the decision, already logged and passed to the listeners
	 */
	public Decision authenticate(X509Certificate @Nullable [] chain, CertificateOrigin origin) {
		return publish(decide(chain, origin));
	}

	/**
	 * Records a refusal decided before a chain was available (for example an untrusted proxy),
	 * so that it is logged and observed exactly like the pipeline's own.
	 */
	public Decision refuse(Refusal refusal, CertificateOrigin origin) {
		return publish(new Decision.Refused(refusal, null, null, origin));
	}

	public Clock clock() {
		return this.clock;
	}

	public IdentityIndex identities() {
		return this.identities;
	}

	private Decision decide(X509Certificate @Nullable [] chain, CertificateOrigin origin) {
		if (chain == null || chain.length == 0) {
			return new Decision.Refused(new Refusal(RefusalReason.NO_CLIENT_CERTIFICATE, "no certificate presented"),
					null, null, origin);
		}
		CertificateFacts leaf;
		try {
			leaf = this.facts.get(chain[0]);
		}
		catch (CertificateParsingException ex) {
			return new Decision.Refused(new Refusal(RefusalReason.CERTIFICATE_POLICY, ex.getMessage()), null, null,
					origin);
		}
		Instant now = this.clock.instant();
		Refusal refusal = this.policy.check(leaf, now);
		IdentityIndex.Match match = this.identities.match(leaf);
		if (refusal != null) {
			// Matched anyway (cheap, no I/O) so an expired client is counted under its own name.
			return new Decision.Refused(refusal, leaf, match.identity(), origin);
		}
		ClientIdentity identity = match.identity();
		if (identity == null) {
			Refusal unmatched = match.ambiguous()
					? new Refusal(RefusalReason.IDENTITY_AMBIGUOUS, "matches identities "
							+ match.matches().stream().map(ClientIdentity::name).toList())
					: new Refusal(RefusalReason.IDENTITY_NOT_PINNED, notPinnedDetail(leaf));
			return new Decision.Refused(unmatched, leaf, null, origin);
		}
		for (ChainCheck check : this.checks) {
			refusal = check.check(chain, leaf, identity, now);
			if (refusal != null) {
				return new Decision.Refused(refusal, leaf, identity, origin);
			}
		}
		return new Decision.Accepted(identity, leaf, origin);
	}

	private String notPinnedDetail(CertificateFacts leaf) {
		ClientIdentity reversed = this.identities.reversedSubjectMatch(leaf);
		if (reversed == null) {
			return "no pinned identity matches";
		}
		return "no pinned identity matches; identity '" + reversed.name()
				+ "' has subject-dn with the RDNs in reverse order: write it as \"" + leaf.subjectName() + "\"";
	}

	private Decision publish(Decision decision) {
		log(decision);
		for (DecisionListener listener : this.listeners) {
			listener.onDecision(decision);
		}
		return decision;
	}

	private static void log(Decision decision) {
		if (decision instanceof Decision.Refused refused) {
			CertificateFacts leaf = refused.certificate();
			if (refused.reason() == RefusalReason.IDENTITY_AMBIGUOUS) {
				logger.warn("mTLS refused {}: {} (subject \"{}\", sha256 {}, {})", refused.reason().code(),
						refused.refusal().detail(), leaf.subjectName(), leaf.sha256(), refused.origin());
			}
			else if (logger.isInfoEnabled()) {
				logger.info("mTLS refused {}: {} (subject \"{}\", issuer \"{}\", serial {}, sha256 {}, {})",
						refused.reason().code(), refused.refusal().detail(),
						(leaf != null) ? leaf.subjectName() : "-", (leaf != null) ? leaf.issuerName() : "-",
						(leaf != null) ? leaf.serial() : "-", (leaf != null) ? leaf.sha256() : "-", refused.origin());
			}
		}
		else if (logger.isDebugEnabled()) {
			Decision.Accepted accepted = (Decision.Accepted) decision;
			logger.debug("mTLS accepted identity {} (serial {}, sha256 {}, {})", accepted.identity().name(),
					accepted.certificate().serial(), accepted.certificate().shortFingerprint(), accepted.origin());
		}
	}

}
