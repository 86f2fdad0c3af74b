package io.github.mtls.autoconfigure;

import io.github.mtls.spiffe.WorkloadApiUnavailableException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a {@link WorkloadApiUnavailableException}: which socket, what it answered, what to do. */
class WorkloadApiUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<WorkloadApiUnavailableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, WorkloadApiUnavailableException cause) {
		String error = cause.getStatus().lastError();
		String description = "The SPIFFE Workload API sent no X.509-SVID within " + cause.getTimeout().toMillis()
				+ " ms (mtls.spiffe.startup-timeout).\n\n    Socket: " + cause.getStatus().address() + "\n    Error:  "
				+ ((error != null) ? error : "no answer") + "\n";
		String action = "Check that the SPIRE agent (or another Workload API) runs and listens on that socket "
				+ "(mtls.spiffe.endpoint-socket or SPIFFE_ENDPOINT_SOCKET), that this process may open it, and that a "
				+ "registration entry matches this workload (PermissionDenied means none does).";
		return new FailureAnalysis(description, action, cause);
	}

}
