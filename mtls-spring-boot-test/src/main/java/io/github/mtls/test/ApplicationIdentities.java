package io.github.mtls.test;

/**
 * What {@link MtlsTest @MtlsTest} does with the identities that the application's own configuration
 * ({@code application.yml}, profiles, config imports) pins and the test does not declare. An
 * identity the test declares always replaces the application's identity of the same name whole.
 */
public enum ApplicationIdentities {

	/** Keep them: the application's other clients stay pinned as configured. */
	KEEP,

	/** Drop them: only the identities the test declares are pinned. */
	DROP

}
