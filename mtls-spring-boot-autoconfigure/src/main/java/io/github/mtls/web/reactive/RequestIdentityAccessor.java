package io.github.mtls.web.reactive;

import io.github.mtls.audit.RequestIdentity;
import io.github.mtls.core.Decision;
import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * The exchange's decision, carried in the Reactor context under {@link #KEY} and restored into the
 * logging MDC ({@link RequestIdentity}) wherever Micrometer's context propagation restores thread
 * locals: in every operator with {@code spring.reactor.context-propagation=auto}, Boot's switch for
 * the same propagation of tracing.
 */
public final class RequestIdentityAccessor implements ThreadLocalAccessor<Decision> {

	/** The Reactor context key of the exchange's decision. */
	public static final String KEY = "mtls.decision";

	private static final ThreadLocal<@Nullable Decision> CURRENT = new ThreadLocal<>();

	@Override
	public Object key() {
		return KEY;
	}

	@Override
	public @Nullable Decision getValue() {
		return CURRENT.get();
	}

	@Override
	public void setValue(Decision decision) {
		CURRENT.set(decision);
		RequestIdentity.put(decision);
	}

	@Override
	public void setValue() {
		CURRENT.remove();
		RequestIdentity.clear();
	}

}
