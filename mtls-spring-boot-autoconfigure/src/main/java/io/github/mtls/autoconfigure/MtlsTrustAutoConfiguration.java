package io.github.mtls.autoconfigure;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.mtls.audit.AnchorNamesAudit;
import io.github.mtls.audit.CertificateValidityAudit;
import io.github.mtls.audit.ClientAuthAudit;
import io.github.mtls.audit.DevelopmentPkiAudit;
import io.github.mtls.audit.MtlsSetup;
import io.github.mtls.audit.PinnedIdentitiesAudit;
import io.github.mtls.audit.PublicCaAudit;
import io.github.mtls.audit.PublicRoots;
import io.github.mtls.audit.StartupAudit;
import io.github.mtls.audit.StartupAudits;
import io.github.mtls.audit.TrustAnchorProfileAudit;
import io.github.mtls.audit.TrustAnchorShapeAudit;
import io.github.mtls.audit.TrustReport;
import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.identity.CertificateCacheLimits;
import io.github.mtls.identity.CertificateFacts;
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.identity.Names;
import io.github.mtls.policy.AnchorPinning;
import io.github.mtls.policy.UnpinnedTrustAnchorException;
import io.github.mtls.audit.DevelopmentPkiInProductionException;
import io.github.mtls.audit.PublicCaTrustedException;
import io.github.mtls.reload.CurrentConfiguration;
import io.github.mtls.reload.TrustAndIdentities;
import io.github.mtls.reload.TrustAudit;
import io.github.mtls.path.ValidatedChains;
import io.github.mtls.policy.CertificatePolicy;
import io.github.mtls.policy.Intermediates;
import io.github.mtls.policy.ClientTrust;
import io.github.mtls.revocation.RevocationObserver;
import io.github.mtls.revocation.RevocationSnapshot;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerSslBundle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Trust hygiene for web apps on either stack: trust-anchor pinning ({@code mtls.trust.anchors-sha256}) and the
 * {@link StartupAudits startup audits} that refuse an unsafe set-up, plus the startup report
 * ({@code mtls.audit.report}).
 */
@AutoConfiguration(after = { MtlsWebSecurityAutoConfiguration.class, MtlsReactiveWebSecurityAutoConfiguration.class })
@ConditionalOnWebApplication
@ConditionalOnClass(Ssl.class)
@ConditionalOnBean({ AuthenticationPipeline.class, ClientTrust.class })
@EnableConfigurationProperties({ MtlsProperties.class, TrustProperties.class, ExpiryProperties.class,
		AuditProperties.class })
public final class MtlsTrustAutoConfiguration {

	private static final String ANCHORS_PROPERTY = "mtls.trust.anchors-sha256";

	/** The profiles that make a run a production run for the development-PKI audit. */
	static final Profiles PRODUCTION = Profiles.of("prod | production");

	@Bean
	@Order(AnchorPinning.ORDER)
	@ConditionalOnMissingBean
	@Conditional(AnchorsPinned.class)
	AnchorPinning mtlsAnchorPinning(ClientTrust trust, TrustProperties trustProperties, CertificateCacheLimits limits,
			CurrentConfiguration current) {
		AnchorPinning pinning = AnchorPinning.of(trust, pinnedAnchors(trustProperties), limits);
		// Adopted anchors passed the pinning audit below; their verdicts start afresh.
		current.onChange((change) -> {
			if (change.loaded().part() == TrustAndIdentities.Part.TRUST) {
				pinning.follow(current.get().anchors());
			}
		});
		return pinning;
	}

	/**
	 * Reloaded client trust anchors pass the startup audits (public CA, development CA in production,
	 * the anchors' shape and profile) and, with {@code mtls.trust.anchors-sha256}, the pinning, or the
	 * last good anchors stay in force.
	 */
	@Bean
	@ConditionalOnMissingBean
	TrustAudit mtlsTrustAudit(StartupAudits audits, TrustProperties trustProperties, CertificateCacheLimits limits) {
		Set<String> pinned = pinnedAnchors(trustProperties);
		return (candidate) -> {
			try {
				audits.auditReloadedAnchors(candidate.source(), facts(candidate.anchors()));
				if (!pinned.isEmpty()) {
					AnchorPinning.of(candidate, pinned, limits);
				}
				return null;
			}
			catch (PublicCaTrustedException ex) {
				return new TrustAudit.Finding("mtls.trust.allow-public-ca", ex.getMessage());
			}
			catch (UnpinnedTrustAnchorException ex) {
				return new TrustAudit.Finding(ANCHORS_PROPERTY, ex.getMessage());
			}
			catch (DevelopmentPkiInProductionException ex) {
				return new TrustAudit.Finding("mtls.audit.allow-development-pki", ex.getMessage());
			}
			catch (RuntimeException ex) {
				return new TrustAudit.Finding("mtls.trust.bundle", ex.getMessage());
			}
		};
	}

	@Bean
	@ConditionalOnMissingBean
	StartupAudits mtlsStartupAudits(ClientTrust trust, IdentityIndex identities, MtlsProperties properties,
			TrustProperties trustProperties, ExpiryProperties expiry, AuditProperties audit, Environment environment,
			ObjectProvider<SslBundles> sslBundles, ObjectProvider<RevocationObserver> revocation,
			ObjectProvider<StartupAudit> additionalAudits, ObjectProvider<Clock> clock,
			ObjectProvider<ValidatedChains> paths, ObjectProvider<CertificatePolicy> policy,
			ObjectProvider<Intermediates> intermediates) {
		List<StartupAudit> audits = new ArrayList<>(List.of(new DevelopmentPkiAudit(audit.isAllowDevelopmentPki()),
				new PublicCaAudit(PublicRoots.jdk(), trustProperties.isAllowPublicCa()), new ClientAuthAudit(),
				new PinnedIdentitiesAudit(properties.isAllowEmpty()),
				new CertificateValidityAudit(expiry.getWarningThreshold(), audit.isAllowExpiredCertificates()),
				new TrustAnchorShapeAudit(), new TrustAnchorProfileAudit(trustProperties.getProfile()),
				new AnchorNamesAudit()));
		additionalAudits.orderedStream().forEach(audits::add);
		Set<String> pinned = pinnedAnchors(trustProperties);
		return new StartupAudits(
				() -> setup(trust, identities, pinned, environment, sslBundles.getIfAvailable(),
						revocation.getIfAvailable(), validation(paths.getIfUnique(), policy.getIfUnique()),
						intermediates.getIfAvailable(Intermediates::none)),
				audits, audit.isReport() ? new TrustReport() : null, clock.getIfAvailable(Clock::systemUTC));
	}

	private static String validation(@Nullable ValidatedChains paths, @Nullable CertificatePolicy policy) {
		String path = (paths != null) ? "path " + paths.validator().settings() : "path by the TLS handshake only";
		return path + "; leaf " + ((policy != null) ? policy.requirements() : "defaults");
	}

	private static MtlsSetup setup(ClientTrust trust, IdentityIndex identities, Set<String> pinned,
			Environment environment, @Nullable SslBundles sslBundles, @Nullable RevocationObserver revocation,
			String validation, Intermediates intermediates) {
		Ssl ssl = Binder.get(environment).bind("server.ssl", Ssl.class).orElse(null);
		boolean tls = ssl != null && Ssl.isEnabled(ssl);
		MtlsSetup.ClientAuth clientAuth = !tls ? MtlsSetup.ClientAuth.NO_TLS : clientAuth(ssl.getClientAuth());
		List<CertificateFacts> serverChain = tls ? facts(serverChain(ssl, sslBundles)) : List.of();
		return new MtlsSetup(trust.source(), facts(trust.anchors()), serverChain, clientAuth,
				environment.getProperty("mtls.proxy.enabled", Boolean.class, false),
				environment.acceptsProfiles(PRODUCTION), identities, pinned, revocation(environment, revocation),
				validation, facts(intermediates.certificates()));
	}

	private static MtlsSetup.ClientAuth clientAuth(Ssl.@Nullable ClientAuth clientAuth) {
		if (clientAuth == null) {
			return MtlsSetup.ClientAuth.NONE;
		}
		return switch (clientAuth) {
			case NONE -> MtlsSetup.ClientAuth.NONE;
			case WANT -> MtlsSetup.ClientAuth.WANT;
			case NEED -> MtlsSetup.ClientAuth.NEED;
		};
	}

	private static List<X509Certificate> serverChain(Ssl ssl, @Nullable SslBundles sslBundles) {
		SslBundle bundle = WebServerSslBundle.get(ssl, sslBundles);
		KeyStore keyStore = bundle.getStores().getKeyStore();
		if (keyStore == null) {
			return List.of();
		}
		try {
			String alias = bundle.getKey().getAlias();
			List<String> aliases = (alias != null) ? List.of(alias) : Collections.list(keyStore.aliases());
			List<X509Certificate> chain = new ArrayList<>();
			for (String entry : aliases) {
				Certificate[] certificates = keyStore.getCertificateChain(entry);
				if (certificates != null) {
					for (Certificate certificate : certificates) {
						if (certificate instanceof X509Certificate x509) {
							chain.add(x509);
						}
					}
				}
			}
			return chain;
		}
		catch (KeyStoreException ex) {
			throw new IllegalStateException("Cannot read the server's key store", ex);
		}
	}

	private static String revocation(Environment environment, @Nullable RevocationObserver revocation) {
		if (revocation != null) {
			RevocationSnapshot snapshot = revocation.snapshot();
			return snapshot.enabled() ? snapshot.mode() + ", " + snapshot.failurePolicy() : "off";
		}
		String mode = environment.getProperty("mtls.revocation.mode");
		String enabled = environment.getProperty("mtls.revocation.enabled");
		if (mode == null && enabled == null) {
			return "off (not configured)";
		}
		return "mtls.revocation.enabled=" + ((enabled != null) ? enabled : "-") + ", mtls.revocation.mode="
				+ ((mode != null) ? mode : "-");
	}

	private static List<CertificateFacts> facts(List<X509Certificate> certificates) {
		List<CertificateFacts> facts = new ArrayList<>(certificates.size());
		for (X509Certificate certificate : certificates) {
			try {
				facts.add(CertificateFacts.of(certificate));
			}
			catch (CertificateParsingException ex) {
				throw new IllegalStateException("Cannot read certificate " + certificate.getSubjectX500Principal(), ex);
			}
		}
		return facts;
	}

	static Set<String> pinnedAnchors(TrustProperties properties) {
		Set<String> pinned = new LinkedHashSet<>();
		List<String> values = properties.getAnchorsSha256();
		for (int i = 0; i < values.size(); i++) {
			try {
				pinned.add(Names.sha256Hex(values.get(i)));
			}
			catch (IllegalArgumentException ex) {
				String property = ANCHORS_PROPERTY + "[" + i + "]";
				throw new InvalidMtlsPropertyException(property, values.get(i), ex.getMessage(),
						"Use the anchor's fingerprint as printed by 'openssl x509 -noout -fingerprint -sha256' "
								+ "(colons are fine).");
			}
		}
		return pinned;
	}

	/** Matches when {@code mtls.trust.anchors-sha256} lists at least one value, in any notation. */
	static final class AnchorsPinned extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			boolean pinned = Binder.get(context.getEnvironment())
				.bind(ANCHORS_PROPERTY, Bindable.listOf(String.class))
				.map((values) -> !values.isEmpty())
				.orElse(false);
			return pinned ? ConditionOutcome.match(ANCHORS_PROPERTY + " is set")
					: ConditionOutcome.noMatch(ANCHORS_PROPERTY + " is not set");
		}

	}

}
