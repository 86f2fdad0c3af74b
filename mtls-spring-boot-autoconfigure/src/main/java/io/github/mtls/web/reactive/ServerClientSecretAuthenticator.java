package io.github.mtls.web.reactive;

import io.github.mtls.core.RefusalReason;
import io.github.mtls.web.ClientSecretAuthenticator;
import io.github.mtls.web.MtlsAuthentication;
import io.github.mtls.web.SecondFactorAuthenticator.Outcome;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The identity's client secret as second factor on WebFlux: the servlet side's
 * {@link ClientSecretAuthenticator} (same HTTP Basic or API-key header rules, same identity
 * binding), run on Reactor's bounded-elastic scheduler because verifying a password hash costs
 * tens of milliseconds of CPU by design, which an event loop must not spend.
 */
public final class ServerClientSecretAuthenticator implements ServerSecondFactor {

	private final ClientSecretAuthenticator secrets;

	public ServerClientSecretAuthenticator(ClientSecretAuthenticator secrets) {
		this.secrets = secrets;
	}

	@Override
	public String factorAuthority() {
		return this.secrets.factorAuthority();
	}

	@Override
	public @Nullable String challenge(RefusalReason reason) {
		return this.secrets.challenge(reason);
	}

	@Override
	public Mono<Outcome> authenticate(ServerWebExchange exchange, MtlsAuthentication authentication) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		return Mono.fromCallable(() -> this.secrets.authenticate(headers::getFirst, authentication))
			.subscribeOn(Schedulers.boundedElastic());
	}

}
