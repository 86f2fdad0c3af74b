package io.github.mtls.core;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.identity.CertificateFactsCache;
import io.github.mtls.identity.CertificateTooLargeException;
import io.github.mtls.identity.ClientIdentity;
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.path.CertificationPath;
import io.github.mtls.path.PathVerdict;
import io.github.mtls.path.ValidatedChains;
import io.github.mtls.policy.CertificatePolicy;
import io.github.mtls.policy.ClientTrust;
import io.github.mtls.reload.CurrentConfiguration;
import io.github.mtls.reload.TrustAndIdentities;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one decision function: a client certificate chain in, an {@link Decision.Accepted accepted
 * identity} or a {@link Decision.Refused refusal} out. Direct and proxy mode differ only in how the
 * chain arrives; both call {@link #authenticate}.
 *
 * <p>Order of work: certificate facts (cached per certificate); path validation (RFC 5280, cached
 * per distinct chain) and the leaf's validity; identity lookup; for a pinned identity the
 * {@link ChainCheck chain checks} (trust-anchor pinning, revocation), which complete the chain's
 * verdict; then the leaf policy (key usage, extended key usage, not a CA) and the identity's verdict.
 * An unpinned certificate therefore never causes an outbound OCSP or CRL request. The same steps
 * explain a decision ({@link #explain}) for diagnostics.
 */
public final class AuthenticationPipeline {

	private static final Logger logger = LoggerFactory.getLogger(AuthenticationPipeline.class);

	private final CertificateFactsCache facts;

	private final CertificatePolicy policy;

	private final Supplier<TrustAndIdentities> current;

	private final @Nullable ValidatedChains paths;

	private final List<ChainCheck> checks;

	private final List<DecisionListener> listeners;

	private final Clock clock;

	private final boolean handshakeValidates;

	/**
	 * Creates the pipeline.
	 * @param facts the per-certificate facts
	 * @param policy the leaf policy
	 * @param identities the pinned identities
	 * @param paths path validation, or {@code null} to rely on the TLS handshake's alone (no trust
	 * anchors are known to the application)
	 * @param checks the chain checks, in order
	 * @param listeners the observers of every decision
	 * @param clock the clock of every time decision
	 */
	public AuthenticationPipeline(CertificateFactsCache facts, CertificatePolicy policy, IdentityIndex identities,
			@Nullable ValidatedChains paths, List<ChainCheck> checks, List<DecisionListener> listeners, Clock clock) {
		this(facts, policy, identities, paths, checks, listeners, clock, true);
	}

	/**
	 * Creates the pipeline.
	 * @param handshakeValidates whether the TLS handshake validated a direct-mode chain; {@code false}
	 * when it defers its refusals ({@code mtls.handshake.defer-refusals}), and every direct chain is
	 * then validated here, a chain without known anchors refused as untrusted
	 */
	public AuthenticationPipeline(CertificateFactsCache facts, CertificatePolicy policy, IdentityIndex identities,
			@Nullable ValidatedChains paths, List<ChainCheck> checks, List<DecisionListener> listeners, Clock clock,
			boolean handshakeValidates) {
		this(facts, policy, fixed(identities, paths), paths, checks, listeners, clock, handshakeValidates);
	}

	/**
	 * Creates the pipeline over the configuration in force.
	 * @param current the configuration in force, read once per request: a request is decided with
	 * one snapshot of anchors and identities, never a mix
	 * @param paths path validation over the same configuration, or {@code null} to rely on the TLS
	 * handshake's alone
	 */
	public AuthenticationPipeline(CertificateFactsCache facts, CertificatePolicy policy,
			Supplier<TrustAndIdentities> current, @Nullable ValidatedChains paths, List<ChainCheck> checks,
			List<DecisionListener> listeners, Clock clock, boolean handshakeValidates) {
		this.handshakeValidates = handshakeValidates;
		this.paths = paths;
		this.facts = facts;
		this.policy = policy;
		this.current = current;
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
		return publish(decide(chain, origin, this.clock.instant(), Trace.NONE, null));
	}

	/**
	 * Decides what a request presents: its refusal, or its chain as {@link #authenticate(X509Certificate[],
	 * CertificateOrigin)} does. A blocking caller: a revocation status not yet known is waited for on
	 * the calling thread, within the sources' budget.
	 * @param presented what the request presents
	 * @return the decision, already logged and passed to the listeners
	 */
	public Decision authenticate(PresentedChain presented) {
		if (presented.refusal() != null) {
			return refuse(presented.refusal(), presented.origin());
		}
		return accepted(presented, authenticate(presented.chain(), presented.origin()));
	}

	/**
	 * Decides what a request presents without ever blocking the calling thread: when the decision has
	 * work pending (a revocation status or a missing issuer being fetched), the decision is taken again on
	 * {@code resumeOn} once that work is done, and a cached status is answered in place. For event
	 * loops (Reactor Netty), which must never wait.
	 * @param presented what the request presents
	 * @param resumeOn where a decision that waited is completed; it may block briefly (within the
	 * revocation sources' budget) if a status needs fetching again
	 * @return the decision, completed at once unless a check had work pending
	 */
	public CompletableFuture<Decision> authenticate(PresentedChain presented, Executor resumeOn) {
		if (presented.refusal() != null) {
			return CompletableFuture.completedFuture(refuse(presented.refusal(), presented.origin()));
		}
		List<CompletableFuture<?>> pending = new ArrayList<>(1);
		Decision decision = decide(presented.chain(), presented.origin(), this.clock.instant(), Trace.NONE, pending);
		if (decision != null) {
			return CompletableFuture.completedFuture(accepted(presented, publish(decision)));
		}
		return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
			.handleAsync((done, failure) -> authenticate(presented), resumeOn);
	}

	private static Decision accepted(PresentedChain presented, Decision decision) {
		if (decision instanceof Decision.Accepted) {
			presented.onAccepted().run();
		}
		return decision;
	}

	/**
	 * Explains the decision a request presenting {@code chain} would get at {@code at}: the same
	 * steps as {@link #authenticate}, recorded, with no state changed (nothing cached, counted,
	 * logged or published).
	 * @param chain the leaf first, then any other certificates presented with it
	 * @param at the time to decide for
	 */
	public Explanation explain(X509Certificate[] chain, Instant at) {
		Explanation explanation = new Explanation();
		explanation.decision(decide(chain, CertificateOrigin.DIRECT, at, explanation, null));
		return explanation;
	}

	/**
	 * Records a refusal decided before a chain was available (for example an untrusted proxy),
	 * so that it is logged and observed exactly like the pipeline's own.
	 */
	public Decision refuse(Refusal refusal, CertificateOrigin origin) {
		return refuse(new Decision.Refused(refusal, null, null, origin));
	}

	/**
	 * Records a refusal decided outside the pipeline (authorization, CSRF, the second factor, the
	 * HTTP firewall), with the certificate and identity of the request when it had them, so that it
	 * is logged in the same line and observed by the same listeners as the pipeline's own.
	 */
	public Decision.Refused refuse(Decision.Refused refused) {
		publish(refused);
		return refused;
	}

	/**
	 * Records a refusal the TLS handshake made of {@code chain}, which the pipeline never sees, with the
	 * leaf's facts and the identity it matches, so that it is observed exactly like the pipeline's own.
	 * @param chain the chain the client presented, leaf first
	 * @param refusal why the handshake refused it
	 * @param log whether to write the refusal's log line (the caller logs each certificate once)
	 */
	public Decision.Refused refuseHandshake(X509Certificate[] chain, Refusal refusal, boolean log) {
		CertificateFacts leaf = null;
		try {
			leaf = this.facts.get(chain[0]);
		}
		catch (CertificateParsingException ex) {
			// The handshake parsed it; the refusal is recorded without facts rather than lost.
		}
		// An untrusted chain's subject is only a claim: counted as unpinned, never against the identity it names.
		boolean trusted = refusal.reason() != RefusalReason.CERTIFICATE_UNTRUSTED
				&& refusal.reason() != RefusalReason.CERTIFICATE_PATH_INVALID;
		ClientIdentity identity = (leaf != null && trusted) ? identities().match(leaf).identity() : null;
		Decision.Refused refused = new Decision.Refused(refusal, leaf, identity, CertificateOrigin.DIRECT);
		if (log) {
			log(refused);
		}
		notify(refused);
		return refused;
	}

	public Clock clock() {
		return this.clock;
	}

	/** The pinned identities in force. */
	public IdentityIndex identities() {
		return this.current.get().identities();
	}

	/** Fixed identities beside the anchors of {@code paths} (or none): for pipelines built without a holder. */
	private static Supplier<TrustAndIdentities> fixed(IdentityIndex identities, @Nullable ValidatedChains paths) {
		if (paths == null) {
			TrustAndIdentities none = CurrentConfiguration.of(new ClientTrust("none", List.of()), List.of(), identities)
				.get();
			return () -> none;
		}
		return () -> {
			TrustAndIdentities trust = paths.trust();
			return new TrustAndIdentities(trust.generation(), trust.trust(), trust.intermediates(), identities,
					trust.loaded());
		};
	}

	/**
	 * The decision, or {@code null} when {@code pending} is given and a chain check has work pending
	 * (added to it): the caller decides again once that work is done.
	 */
	private @Nullable Decision decide(X509Certificate @Nullable [] chain, CertificateOrigin origin, Instant now,
			Trace trace, @Nullable List<CompletableFuture<?>> pending) {
		if (chain == null || chain.length == 0) {
			return new Decision.Refused(new Refusal(RefusalReason.NO_CLIENT_CERTIFICATE, "no certificate presented"),
					null, null, origin);
		}
		CertificateFacts leaf;
		try {
			leaf = this.facts.get(chain[0]);
		}
		catch (CertificateTooLargeException ex) {
			return new Decision.Refused(new Refusal(RefusalReason.CERTIFICATE_TOO_LARGE, ex.getMessage()), null, null,
					origin);
		}
		catch (CertificateParsingException ex) {
			return new Decision.Refused(new Refusal(RefusalReason.CERTIFICATE_POLICY, ex.getMessage()), null, null,
					origin);
		}
		// Read once: this request is decided with these anchors and identities, whatever reloads meanwhile.
		TrustAndIdentities current = this.current.get();
		IdentityIndex identities = current.identities();
		// Matched first (cheap, no I/O) so that every refusal is counted under the client's name.
		IdentityIndex.Match match = identities.match(leaf);
		Refusal policy = this.policy.check(leaf, now);
		boolean expired = policy != null && policy.reason().stage() == RefusalReason.Stage.PATH;
		CertificationPath path = null;
		// Without anchors known to the application, the TLS handshake's validation is all there is,
		// unless the handshake deferred its judgement: then no anchors means no trust.
		boolean unvalidated = !origin.forwarded() && !this.handshakeValidates;
		boolean anchors = this.paths != null && !current.anchors().isEmpty();
		if (!origin.proxyValidated() && (anchors || unvalidated) && (!expired || trace.diagnostic())) {
			CompletableFuture<?> fetch = (pending != null && anchors)
					? this.paths.pendingFetch(current, chain, now, match.identity() != null) : null;
			if (fetch != null) {
				pending.add(fetch);
				return null;
			}
			PathVerdict verdict = anchors ? this.paths.validate(current, chain, now, !trace.diagnostic(),
					match.identity() != null)
					: new PathVerdict.Invalid(new Refusal(RefusalReason.CERTIFICATE_UNTRUSTED,
							"no client trust anchors to validate against"), null);
			trace.path(verdict);
			if (verdict instanceof PathVerdict.Invalid invalid && !expired) {
				return new Decision.Refused(invalid.refusal(), leaf, match.identity(), origin);
			}
			if (verdict instanceof PathVerdict.Valid valid) {
				path = valid.path();
			}
		}
		if (expired) {
			// The leaf's own validity is the first rule of its path, and the clearest refusal:
			// decided before the path's verdict (validated at a time inside the leaf's window) and
			// before any revocation I/O.
			trace.leafPolicy(policy);
			return new Decision.Refused(policy, leaf, match.identity(), origin);
		}
		trace.identity(match);
		ClientIdentity identity = match.identity();
		if (identity != null) {
			// Revocation belongs to the chain's verdict, so it is decided before the leaf policy; it
			// runs only for a pinned identity, so an unpinned certificate never causes OCSP or CRL traffic.
			List<X509Certificate> presented = Arrays.asList(chain);
			ChainCheck.Context context = new ChainCheck.Context(
					(path != null) ? path : new CertificationPath(presented, null), presented, leaf, identity, now, trace);
			for (ChainCheck check : this.checks) {
				CompletableFuture<?> work = (pending != null) ? check.pending(context) : null;
				if (work != null) {
					pending.add(work);
					return null;
				}
				Refusal refusal = check.check(context);
				if (refusal != null) {
					return new Decision.Refused(refusal, leaf, identity, origin);
				}
			}
		}
		trace.leafPolicy(policy);
		if (policy != null) {
			return new Decision.Refused(policy, leaf, identity, origin);
		}
		if (identity == null) {
			Refusal unmatched = match.ambiguous()
					? new Refusal(RefusalReason.IDENTITY_AMBIGUOUS, "matches identities "
							+ match.matches().stream().map(ClientIdentity::name).toList())
					: new Refusal(RefusalReason.IDENTITY_NOT_PINNED, identities.unmatchedDetail(leaf));
			return new Decision.Refused(unmatched, leaf, null, origin);
		}
		if (!trace.diagnostic()) {
			// Only now is the certificate known to be a pinned client's: its facts and verdict move
			// out of reach of strangers (a lookup that misses once they have).
			this.facts.admit(chain[0]);
			if (path != null && this.paths != null) {
				this.paths.admit(chain);
			}
		}
		return new Decision.Accepted(identity, leaf, origin);
	}

	private Decision publish(Decision decision) {
		log(decision);
		notify(decision);
		return decision;
	}

	private void notify(Decision decision) {
		for (DecisionListener listener : this.listeners) {
			listener.onDecision(decision);
		}
	}

	private static void log(Decision decision) {
		if (decision instanceof Decision.Refused refused) {
			CertificateFacts leaf = refused.certificate();
			if (refused.reason() == RefusalReason.IDENTITY_AMBIGUOUS) {
				logger.warn("mTLS refused {}: {} (subject \"{}\", sha256 {}, {})", refused.reason().code(),
						refused.refusal().detail(), LogText.escape(leaf.subjectName()), leaf.sha256(),
						LogText.escape(refused.origin()));
			}
			else if (logger.isInfoEnabled()) {
				logger.info("mTLS refused {}: {} (subject \"{}\", issuer \"{}\", serial {}, sha256 {}, {})",
						refused.reason().code(), refused.refusal().detail(),
						(leaf != null) ? LogText.escape(leaf.subjectName()) : "-",
						(leaf != null) ? LogText.escape(leaf.issuerName()) : "-", (leaf != null) ? leaf.serial() : "-",
						(leaf != null) ? leaf.sha256() : "-", LogText.escape(refused.origin()));
			}
		}
		else if (logger.isDebugEnabled()) {
			Decision.Accepted accepted = (Decision.Accepted) decision;
			logger.debug("mTLS accepted identity {} (serial {}, sha256 {}, {})", accepted.identity().name(),
					accepted.certificate().serial(), accepted.certificate().shortFingerprint(), accepted.origin());
		}
	}

}
