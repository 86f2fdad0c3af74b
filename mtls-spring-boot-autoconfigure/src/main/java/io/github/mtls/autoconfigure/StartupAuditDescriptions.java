package io.github.mtls.autoconfigure;

/** The shared lines of the startup audits' failure descriptions. */
final class StartupAuditDescriptions {

	private StartupAuditDescriptions() {
	}

	/** The lines naming a certificate: subject, SHA-256 fingerprint and where it comes from. */
	static String certificate(String subject, String sha256, String source) {
		return "    Certificate: " + subject + "\n    SHA-256:     " + sha256 + "\n    Found in:    " + source + "\n";
	}

}
