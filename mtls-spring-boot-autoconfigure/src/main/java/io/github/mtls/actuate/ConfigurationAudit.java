package io.github.mtls.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.mtls.reload.CurrentConfiguration;

import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Every reload of the configuration in force as an Actuator audit event, for the trail of who was
 * allowed in when: {@value #RELOADED} names the identities added, removed and changed (names only,
 * never a selector value or a secret), {@value #REJECTED} the property that refused a change.
 */
public final class ConfigurationAudit {

	/** The audit event type of an adopted reload. */
	public static final String RELOADED = "MTLS_CONFIGURATION_RELOADED";

	/** The audit event type of a rejected reload. */
	public static final String REJECTED = "MTLS_CONFIGURATION_REJECTED";

	/** The principal of these events: the configuration, not a client. */
	public static final String PRINCIPAL = "mtls";

	private final ApplicationEventPublisher events;

	public ConfigurationAudit(ApplicationEventPublisher events) {
		this.events = events;
	}

	/** Publishes every adopted and rejected change of {@code current}. */
	public void follow(CurrentConfiguration current) {
		current.onChange(this::adopted);
		current.onRejection(this::rejected);
	}

	void adopted(CurrentConfiguration.Change change) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("generation", change.generation());
		data.put("part", change.loaded().part().tag());
		data.put("source", change.loaded().source());
		data.put("added", change.added());
		data.put("removed", change.removed());
		data.put("changed", change.changed());
		this.events.publishEvent(new AuditApplicationEvent(PRINCIPAL, RELOADED, data));
	}

	void rejected(CurrentConfiguration.Rejection rejection) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("part", rejection.part().tag());
		data.put("source", rejection.source());
		data.put("property", rejection.property());
		data.put("problem", rejection.problem());
		this.events.publishEvent(new AuditApplicationEvent(PRINCIPAL, REJECTED, data));
	}

}
