package io.github.mtls.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The addresses forwarded client certificates are accepted from: IPv4 and IPv6 addresses and CIDR
 * ranges, compiled once. Only literals are accepted, never host names, so neither startup nor a
 * request ever waits on DNS. An IPv4-mapped IPv6 address matches its IPv4 range.
 */
public final class TrustedProxies {

	private static final Pattern IPV4 = Pattern
		.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

	private final List<Network> networks;

	private final List<String> ranges;

	private TrustedProxies(List<Network> networks, List<String> ranges) {
		this.networks = List.copyOf(networks);
		this.ranges = List.copyOf(ranges);
	}

	/**
	 * Compiles a list of addresses and CIDR ranges.
	 * @param ranges entries such as {@code 10.0.0.0/8}, {@code 127.0.0.2}, {@code fd00::/8}
	 * @return the trusted proxies
	 * @throws IllegalArgumentException naming the first bad entry
	 */
	public static TrustedProxies of(List<String> ranges) {
		List<Network> networks = new ArrayList<>();
		for (String range : ranges) {
			networks.add(Network.parse(range.strip()));
		}
		return new TrustedProxies(networks, ranges.stream().map(String::strip).toList());
	}

	/** Whether a textual address, as the servlet container reports the peer, is a trusted proxy. */
	public boolean contains(String address) {
		byte[] bytes = literal(address);
		if (bytes == null) {
			return false;
		}
		for (Network network : this.networks) {
			if (network.contains(bytes)) {
				return true;
			}
		}
		return false;
	}

	/** Whether any range contains every address (for example {@code 0.0.0.0/0}). */
	public boolean containsEverything() {
		return this.networks.stream().anyMatch((network) -> network.prefix() == 0);
	}

	/** The ranges as configured. */
	public List<String> ranges() {
		return this.ranges;
	}

	/** The bytes of an IP literal (4 for IPv4 and IPv4-mapped IPv6, 16 for IPv6), or {@code null}. */
	static byte @org.jspecify.annotations.Nullable [] literal(String text) {
		String address = text;
		if (address.startsWith("[") && address.endsWith("]")) {
			address = address.substring(1, address.length() - 1);
		}
		int zone = address.indexOf('%');
		if (zone >= 0) {
			address = address.substring(0, zone);
		}
		if (!IPV4.matcher(address).matches() && !IPV6.matcher(address).matches()) {
			return null;
		}
		try {
			// A literal: InetAddress parses it without any lookup.
			return InetAddress.getByName(address).getAddress();
		}
		catch (UnknownHostException | RuntimeException ex) {
			return null;
		}
	}

	@Override
	public String toString() {
		return this.ranges.toString();
	}

	private record Network(byte[] address, int prefix) {

		static Network parse(String range) {
			int slash = range.indexOf('/');
			String host = (slash < 0) ? range : range.substring(0, slash);
			byte[] address = literal(host);
			if (address == null) {
				throw new IllegalArgumentException("'" + range + "' is not an IP address or CIDR range");
			}
			int bits = address.length * 8;
			int prefix = bits;
			if (slash >= 0) {
				try {
					prefix = Integer.parseInt(range.substring(slash + 1));
				}
				catch (NumberFormatException ex) {
					prefix = -1;
				}
				if (address.length == 4 && host.contains(":")) {
					// An IPv4-mapped IPv6 range (::ffff:a.b.c.d/n) is its IPv4 range: the mapping is 96 bits.
					prefix = (prefix >= 96) ? prefix - 96 : -1;
				}
				if (prefix < 0 || prefix > bits) {
					throw new IllegalArgumentException(
							"'" + range + "' has an invalid prefix length (0 to " + bits + " allowed)");
				}
			}
			for (int bit = prefix; bit < bits; bit++) {
				if ((address[bit / 8] & (0x80 >> (bit % 8))) != 0) {
					throw new IllegalArgumentException("'" + range + "' has host bits set beyond /" + prefix);
				}
			}
			return new Network(address, prefix);
		}

		boolean contains(byte[] candidate) {
			if (candidate.length != this.address.length) {
				return false;
			}
			int full = this.prefix / 8;
			for (int i = 0; i < full; i++) {
				if (candidate[i] != this.address[i]) {
					return false;
				}
			}
			int rest = this.prefix % 8;
			if (rest == 0) {
				return true;
			}
			int mask = (0xff << (8 - rest)) & 0xff;
			return (candidate[full] & mask) == (this.address[full] & mask);
		}

	}

}
