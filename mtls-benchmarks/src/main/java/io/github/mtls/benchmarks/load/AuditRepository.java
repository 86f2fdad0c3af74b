package io.github.mtls.benchmarks.load;

import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Audit on: with an audit event repository, Spring Boot's Actuator turns every authentication
 * event the starter publishes (success and refusal) into a stored {@code AuditEvent}.
 */
@Configuration(proxyBeanMethods = false)
@Profile("audit")
class AuditRepository {

	@Bean
	InMemoryAuditEventRepository auditEventRepository() {
		return new InMemoryAuditEventRepository();
	}

}
