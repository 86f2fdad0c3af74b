package io.github.mtls.proxy;

/**
 * A forwarded-certificate header that cannot be decoded. Internal to the decoders: it never leaves
 * this package, {@link HeaderFormat#decode} turns it into a {@link ForwardedChain.Refused refusal}.
 */
final class MalformedHeaderException extends Exception {

	MalformedHeaderException(String message) {
		super(message, null, false, false);
	}

}
