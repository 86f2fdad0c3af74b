package io.github.mtls.test;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * A large, validly signed CRL made in a second, for load tests and benchmarks: real CRLs of
 * government and defence PKIs run to millions of entries. The DER is written directly (a CRL
 * builder would hold an object per entry); entry {@code i} revokes {@link #serial(int) serial(i)},
 * a 16-byte serial like those of public CAs, and every tenth entry carries a reason code.
 *
 * <pre>{@code
 * byte[] der = SyntheticCrl.der(pki.root(), 1_000_000, Instant.now(), Instant.now().plus(Duration.ofDays(7)));
 * }</pre>
 */
public final class SyntheticCrl {

	private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private SyntheticCrl() {
	}

	/** The serial number revoked by entry {@code i}: 16 bytes, unique per {@code i}, positive. */
	public static BigInteger serial(int i) {
		return new BigInteger(1, serialBytes(i));
	}

	/** A serial number that no synthetic CRL revokes. */
	public static BigInteger absentSerial(int i) {
		byte[] bytes = serialBytes(i);
		bytes[1] ^= 0x55;
		return new BigInteger(1, bytes);
	}

	/** A DER CRL of {@code entries} revoked serials, issued and signed by {@code issuer}. */
	public static byte[] der(TestCertificate issuer, int entries, Instant thisUpdate, Instant nextUpdate) {
		try {
			ContentSigner signer = issuer.contentSigner();
			byte[] algorithm = signer.getAlgorithmIdentifier().getEncoded();
			byte[] revocationDate = tlv(0x17, UTC_TIME.format(thisUpdate).getBytes(StandardCharsets.US_ASCII));
			byte[] reasonExtensions = tlv(0x30, tlv(0x30, concat(new byte[] { 0x06, 0x03, 0x55, 0x1D, 0x15 },
					tlv(0x04, new byte[] { 0x0A, 0x01, 0x01 }))));
			ByteArrayOutputStream list = new ByteArrayOutputStream(entries * 40);
			for (int i = 0; i < entries; i++) {
				byte[] serial = tlv(0x02, serialBytes(i));
				byte[] entry = (i % 10 == 0) ? concat(serial, revocationDate, reasonExtensions)
						: concat(serial, revocationDate);
				list.write(header(0x30, entry.length));
				list.write(entry);
			}
			ByteArrayOutputStream tbs = new ByteArrayOutputStream(list.size() + 512);
			tbs.write(new byte[] { 0x02, 0x01, 0x01 });
			tbs.write(algorithm);
			tbs.write(issuer.certificate().getSubjectX500Principal().getEncoded());
			tbs.write(tlv(0x17, UTC_TIME.format(thisUpdate).getBytes(StandardCharsets.US_ASCII)));
			tbs.write(tlv(0x17, UTC_TIME.format(nextUpdate).getBytes(StandardCharsets.US_ASCII)));
			if (entries > 0) {
				tbs.write(header(0x30, list.size()));
				list.writeTo(tbs);
			}
			list = null;
			byte[] tbsDer = concat(header(0x30, tbs.size()), tbs.toByteArray());
			tbs = null;
			signer.getOutputStream().write(tbsDer);
			byte[] signature = signer.getSignature();
			byte[] bitString = new byte[signature.length + 1];
			System.arraycopy(signature, 0, bitString, 1, signature.length);
			byte[] body = concat(tbsDer, algorithm, tlv(0x03, bitString));
			return concat(header(0x30, body.length), body);
		}
		catch (java.io.IOException | OperatorCreationException ex) {
			throw new IllegalStateException("Cannot write the CRL", ex);
		}
	}

	private static byte[] serialBytes(int i) {
		long mixed = i * 0x9E3779B97F4A7C15L;
		mixed ^= mixed >>> 29;
		byte[] bytes = new byte[16];
		bytes[0] = 0x3A;
		for (int b = 0; b < 8; b++) {
			bytes[1 + b] = (byte) (mixed >>> (8 * b));
		}
		bytes[12] = (byte) (i >>> 24);
		bytes[13] = (byte) (i >>> 16);
		bytes[14] = (byte) (i >>> 8);
		bytes[15] = (byte) i;
		return bytes;
	}

	private static byte[] tlv(int tag, byte[] content) {
		return concat(header(tag, content.length), content);
	}

	private static byte[] header(int tag, int length) {
		if (length < 0x80) {
			return new byte[] { (byte) tag, (byte) length };
		}
		int octets = (length > 0xFFFFFF) ? 4 : (length > 0xFFFF) ? 3 : (length > 0xFF) ? 2 : 1;
		byte[] header = new byte[2 + octets];
		header[0] = (byte) tag;
		header[1] = (byte) (0x80 | octets);
		for (int i = 0; i < octets; i++) {
			header[2 + i] = (byte) (length >>> (8 * (octets - 1 - i)));
		}
		return header;
	}

	private static byte[] concat(byte[]... parts) {
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		byte[] all = Arrays.copyOf(parts[0], length);
		int offset = parts[0].length;
		for (int i = 1; i < parts.length; i++) {
			System.arraycopy(parts[i], 0, all, offset, parts[i].length);
			offset += parts[i].length;
		}
		return all;
	}

}
