package io.github.mtls.stacks;

import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Keeps the application's audit events in memory, for behaviours that assert what was published. */
@TestConfiguration(proxyBeanMethods = false)
class AuditEvents {

	@Bean
	InMemoryAuditEventRepository inMemoryAuditEvents() {
		return new InMemoryAuditEventRepository();
	}

}
