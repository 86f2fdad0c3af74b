package io.github.mtls.policy;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The client trust material holds an anchor that {@code mtls.trust.anchors-sha256} does not pin.
 * Thrown at startup.
 */
public class UnpinnedTrustAnchorException extends RuntimeException {

	/** The property that pins trust anchors. */
	public static final String PROPERTY = "mtls.trust.anchors-sha256";

	private final String source;

	private final String subject;

	private final String sha256;

	private final Set<String> pinned;

	public UnpinnedTrustAnchorException(String source, String subject, String sha256, Set<String> pinned) {
		super("The client trust store (" + source + ") holds the trust anchor \"" + subject + "\" (SHA-256 " + sha256
				+ "), which '" + PROPERTY + "' does not pin");
		this.source = source;
		this.subject = subject;
		this.sha256 = sha256;
		this.pinned = Collections.unmodifiableSet(new LinkedHashSet<>(pinned));
	}

	/** Where the client trust anchors come from. */
	public String getSource() {
		return this.source;
	}

	/** The unpinned anchor's subject (RFC 2253). */
	public String getSubject() {
		return this.subject;
	}

	/** The unpinned anchor's SHA-256 fingerprint. */
	public String getSha256() {
		return this.sha256;
	}

	/** The pinned fingerprints. */
	public Set<String> getPinned() {
		return this.pinned;
	}

}
