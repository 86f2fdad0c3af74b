package io.github.mtls.proxy;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TrustedProxiesTests {

	final TrustedProxies proxies = TrustedProxies.of(List.of("127.0.0.2", "10.0.0.0/8", "192.168.4.0/22",
			"fd00::/8", "2001:db8::7/128", "::ffff:172.16.0.0/108"));

	@ParameterizedTest(name = "{0} trusted: {1}")
	@CsvSource({ "127.0.0.2, true", "127.0.0.1, false", "10.255.1.2, true", "11.0.0.1, false",
			"192.168.7.255, true", "192.168.8.0, false", "fd12:3456::1, true", "fe80::1, false",
			"2001:db8::7, true", "2001:db8::8, false", "'[2001:db8::7]', true", "::ffff:10.1.2.3, true",
			"fd00::1%eth0, true", "0:0:0:0:0:0:0:1, false", "localhost, false", "'', false",
			"not-an-address, false", "10.0.0.256, false", "172.31.255.255, true", "172.32.0.0, false" })
	void matchesAddressesAgainstTheRanges(String address, boolean trusted) {
		assertThat(this.proxies.contains(address)).isEqualTo(trusted);
	}

	@ParameterizedTest(name = "''{0}'' is refused")
	@ValueSource(strings = { "proxy.example.com", "10.0.0.0/33", "fd00::/129", "10.0.0.1/8", "10.0.0.0/x",
			"300.1.1.1", "", "::g", "::ffff:10.0.0.0/95" })
	void refusesWhatIsNotAnAddressOrRange(String range) {
		assertThatIllegalArgumentException().isThrownBy(() -> TrustedProxies.of(List.of(range)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "0.0.0.0/0", "::/0" })
	void knowsWhenItTrustsEveryone(String range) {
		assertThat(TrustedProxies.of(List.of(range)).containsEverything()).isTrue();
	}

}
