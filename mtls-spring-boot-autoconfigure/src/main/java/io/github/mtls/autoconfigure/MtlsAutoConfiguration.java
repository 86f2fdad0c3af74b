package io.github.mtls.autoconfigure;

import java.time.Clock;

import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.core.ChainCheck;
import io.github.mtls.core.DecisionListener;
import io.github.mtls.identity.CertificateFactsCache;
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.policy.CertificatePolicy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The web-stack-independent core: pinned identities compiled from {@code mtls.identities}, the
 * certificate facts cache, the policy and the {@link AuthenticationPipeline}. A {@link Clock} bean,
 * when the application defines one, replaces the system clock for every time decision.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "mtls.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ MtlsProperties.class, ExpiryProperties.class })
public final class MtlsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	IdentityIndex mtlsIdentityIndex(MtlsProperties properties) {
		return PinnedIdentities.compile(properties.getIdentities());
	}

	@Bean
	@ConditionalOnMissingBean
	CertificateFactsCache mtlsCertificateFactsCache(MtlsProperties properties) {
		if (properties.getCertificateCacheSize() < 1) {
			throw new InvalidMtlsPropertyException("mtls.certificate-cache-size",
					String.valueOf(properties.getCertificateCacheSize()), "must be at least 1",
					"Set 'mtls.certificate-cache-size' to the number of distinct client certificates to remember.");
		}
		return new CertificateFactsCache(properties.getCertificateCacheSize());
	}

	@Bean
	@ConditionalOnMissingBean
	CertificatePolicy mtlsCertificatePolicy() {
		return new CertificatePolicy();
	}

	@Bean
	@ConditionalOnMissingBean
	AuthenticationPipeline mtlsAuthenticationPipeline(CertificateFactsCache facts, CertificatePolicy policy,
			IdentityIndex identities, ObjectProvider<ChainCheck> checks, ObjectProvider<DecisionListener> listeners,
			ObjectProvider<Clock> clock) {
		return new AuthenticationPipeline(facts, policy, identities, checks.orderedStream().toList(),
				listeners.orderedStream().toList(), clock.getIfAvailable(Clock::systemUTC));
	}

}
