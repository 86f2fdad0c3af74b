package io.github.mtls.sample.support;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * With the {@code dev} profile, prints ready-to-paste {@code curl} commands once the server listens:
 * the same commands for every sample, servlet or reactive (registered in {@code spring.factories},
 * so that no sample's component scan has to reach this package).
 */
public class DevelopmentCurlCommands implements ApplicationListener<WebServerInitializedEvent> {

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		Environment environment = event.getApplicationContext().getEnvironment();
		if (event.getApplicationContext().getParent() != null || !environment.acceptsProfiles(Profiles.of("dev"))) {
			return;
		}
		String application = environment.getProperty("spring.application.name", "the sample");
		String pki = environment.getProperty("mtls.sample.dev-pki-path", ".mtls-dev-pki");
		String base = "https://localhost:" + event.getWebServer().getPort();
		String tls = "--cacert " + pki + "/ca.pem";
		System.out.println("""

				%4$s is ready (development PKI in %1$s). Try:

				  # the pinned identity 'orders' -> 200 {"identity":"orders",...}
				  curl %2$s --cert %1$s/orders.pem --key %1$s/orders-key.pem %3$s/whoami

				  # 'orders' lacks REPORTS_READ -> 403 access_denied; 'ops' has it -> 200
				  curl %2$s --cert %1$s/orders.pem --key %1$s/orders-key.pem %3$s/reports
				  curl %2$s --cert %1$s/ops.pem --key %1$s/ops-key.pem %3$s/reports

				  # a valid certificate from the same CA that is not pinned -> 403 identity_not_pinned
				  curl %2$s --cert %1$s/stranger.pem --key %1$s/stranger-key.pem %3$s/whoami

				  # no client certificate -> the TLS handshake is refused
				  curl %2$s %3$s/whoami

				  # Actuator ('ops' holds ACTUATOR)
				  curl %2$s --cert %1$s/ops.pem --key %1$s/ops-key.pem %3$s/actuator/health
				  curl %2$s --cert %1$s/ops.pem --key %1$s/ops-key.pem %3$s/actuator/mtls
				  curl %2$s --cert %1$s/ops.pem --key %1$s/ops-key.pem %3$s/actuator/prometheus

				  # why is 'stranger' refused? every step of the decision (needs jq; see the README for one without)
				  curl %2$s --cert %1$s/ops.pem --key %1$s/ops-key.pem -H 'Content-Type: application/json' \\
				    -d "$(jq -n --rawfile chain %1$s/stranger.pem '{chain: $chain}')" %3$s/actuator/mtls
				""".formatted(pki, tls, base, application));
		if (environment.acceptsProfiles(Profiles.of("second-factor"))) {
			System.out.println("""
					  # second-factor profile: /whoami also needs the identity's own secret
					  curl %2$s --cert %1$s/orders.pem --key %1$s/orders-key.pem -u 'orders:dev-orders-secret-DO-NOT-USE' %3$s/whoami
					  curl %2$s --cert %1$s/ops.pem --key %1$s/ops-key.pem -u 'ops:dev ops passphrase DO NOT USE' %3$s/whoami
					  # without it -> 401 second_factor_missing
					  curl %2$s --cert %1$s/orders.pem --key %1$s/orders-key.pem %3$s/whoami
					""".formatted(pki, tls, base));
		}
	}

}
