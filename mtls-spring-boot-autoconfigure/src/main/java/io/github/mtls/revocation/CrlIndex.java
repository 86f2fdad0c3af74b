package io.github.mtls.revocation;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.security.auth.x500.X500Principal;

import io.github.mtls.identity.Names;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.jspecify.annotations.Nullable;

/**
 * A verified CRL reduced to what a lookup needs: its validity and a compact, constant-time index of
 * the revoked serial numbers.
 *
 * <p>Why not {@code X509CRL}: the JDK turns every entry into objects (a 1,000,000-entry CRL takes
 * seconds and hundreds of megabytes) and Bouncy Castle's lookups scan the list. Here the DER is
 * walked in place, entry by entry, without an object per entry; Bouncy Castle parses the few
 * structured parts (algorithm, name, times, extensions) and verifies the signature, once per CRL
 * version. The serials go into one flat byte array at a fixed width (two's complement, sign
 * extended), found through an open-addressing hash table of {@code int}s: about
 * {@code n × (width + 13)} bytes in all.
 */
public final class CrlIndex {

	private static final byte[] REASON_CODE = { 0x55, 0x1D, 0x15 };

	private static final byte[] CERTIFICATE_ISSUER = { 0x55, 0x1D, 0x1D };

	private static final byte[] INVALIDITY_DATE = { 0x55, 0x1D, 0x18 };

	private final X500Principal issuer;

	private final CrlScope scope;

	private final Instant thisUpdate;

	private final @Nullable Instant nextUpdate;

	private final int size;

	private final int width;

	private final byte[] serials;

	private final int[] revokedAt;

	private final byte[] reasons;

	private final int[] slots;

	private final int mask;

	/** The certificate issuers of an indirect CRL's entries, or {@code null} when all are the CRL issuer's. */
	private final X500Principal @Nullable [] entryIssuers;

	private final byte @Nullable [] entryIssuer;

	private final Signed signed;

	private volatile @Nullable PublicKey verifiedKey;

	private CrlIndex(X500Principal issuer, CrlScope scope, Instant thisUpdate, @Nullable Instant nextUpdate, int size,
			int width, byte[] serials, int[] revokedAt, byte[] reasons, X500Principal @Nullable [] entryIssuers,
			byte @Nullable [] entryIssuer, Signed signed) {
		this.issuer = issuer;
		this.scope = scope;
		this.entryIssuers = entryIssuers;
		this.entryIssuer = entryIssuer;
		this.signed = signed;
		this.thisUpdate = thisUpdate;
		this.nextUpdate = nextUpdate;
		this.size = size;
		this.width = width;
		this.serials = serials;
		this.revokedAt = revokedAt;
		this.reasons = reasons;
		int capacity = Integer.highestOneBit(Math.max(2, size * 2 - 1)) << 1;
		this.slots = new int[capacity];
		this.mask = capacity - 1;
		for (int i = 0; i < size; i++) {
			int slot = hash(serials, i * width, width) & this.mask;
			while (this.slots[slot] != 0) {
				slot = (slot + 1) & this.mask;
			}
			this.slots[slot] = i + 1;
		}
	}

	/**
	 * Parses and verifies a DER CRL issued and signed by {@code issuer}.
	 * @throws RevocationSourceException when it is malformed, signed by another key, issued by
	 * another CA, or carries an unknown critical extension
	 */
	public static CrlIndex parse(byte[] der, X509Certificate issuer) throws RevocationSourceException {
		CrlIndex index = read(der);
		if (!Names.sameName(index.issuer(), issuer.getSubjectX500Principal())) {
			throw new RevocationSourceException("the CRL is issued by \"" + index.issuer().getName() + "\", not by \""
					+ issuer.getSubjectX500Principal().getName() + "\"");
		}
		if (!CrlIndex.allowsCrlSign(issuer)) {
			throw new RevocationSourceException("the issuer's key usage does not allow cRLSign");
		}
		if (!index.signedBy(issuer.getPublicKey())) {
			throw new RevocationSourceException("the CRL signature does not verify with the issuer's key");
		}
		return index;
	}

	/**
	 * Parses a DER CRL without verifying its signature: which key signed it is decided by RFC 5280
	 * 6.3.3 (f), through {@link #signedBy}. Nothing of it may be used before that.
	 * @throws RevocationSourceException when it is malformed or carries an unknown critical
	 * extension (RFC 5280 5.2: such a CRL must not be used)
	 */
	public static CrlIndex read(byte[] der) throws RevocationSourceException {
		try {
			return new Parser(der).parse();
		}
		catch (RevocationSourceException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new RevocationSourceException("malformed CRL", ex);
		}
	}

	/** Whether a key usage extension, if present, allows cRLSign. */
	static boolean allowsCrlSign(X509Certificate signer) {
		boolean[] keyUsage = signer.getKeyUsage();
		return keyUsage == null || (keyUsage.length > 6 && keyUsage[6]);
	}

	/**
	 * Whether the CRL's signature verifies with {@code key}; the key that verified is remembered, so
	 * a CRL version is verified once.
	 */
	public boolean signedBy(PublicKey key) {
		if (key.equals(this.verifiedKey)) {
			return true;
		}
		try {
			ContentVerifier verifier = new JcaContentVerifierProviderBuilder().build(key).get(this.signed.algorithm());
			try (OutputStream out = verifier.getOutputStream()) {
				out.write(this.signed.tbs());
			}
			if (verifier.verify(this.signed.signature())) {
				this.verifiedKey = key;
				return true;
			}
			return false;
		}
		catch (Exception ex) {
			return false;
		}
	}

	/** What the CRL covers and how it relates to others: RFC 5280 5.2 extensions. */
	public CrlScope scope() {
		return this.scope;
	}

	/** Whether {@code serial} is on this CRL. */
	public boolean contains(BigInteger serial) {
		return indexOf(serial) >= 0;
	}

	/**
	 * The index of the entry for the certificate {@code serial} of {@code issuer}, or -1. On an
	 * indirect CRL the entries name their certificate issuer (RFC 5280 5.3.3); on others every entry
	 * is the CRL issuer's.
	 */
	public int indexOf(BigInteger serial, X500Principal issuer) {
		if (this.entryIssuers == null) {
			return issuer.equals(this.issuer) ? indexOf(serial) : -1;
		}
		int wanted = -1;
		for (int i = 0; i < this.entryIssuers.length; i++) {
			if (this.entryIssuers[i].equals(issuer)) {
				wanted = i;
			}
		}
		return (wanted < 0) ? -1 : find(serial, wanted);
	}

	/** The index of {@code serial} among the entries, or -1. */
	public int indexOf(BigInteger serial) {
		return find(serial, -1);
	}

	private int find(BigInteger serial, int issuerOrdinal) {
		byte[] twosComplement = serial.toByteArray();
		int start = minimalStart(twosComplement, 0, twosComplement.length);
		int length = twosComplement.length - start;
		if (length > this.width) {
			return -1;
		}
		// The stored serials are sign-extended to the width; the query is extended virtually,
		// without copying it.
		byte pad = (twosComplement[start] < 0) ? (byte) -1 : 0;
		int padding = this.width - length;
		int h = HASH_SEED;
		for (int i = 0; i < padding; i++) {
			h = (h ^ pad) * HASH_PRIME;
		}
		for (int i = start; i < twosComplement.length; i++) {
			h = (h ^ twosComplement[i]) * HASH_PRIME;
		}
		int slot = mix(h) & this.mask;
		int entry;
		while ((entry = this.slots[slot]) != 0) {
			int offset = (entry - 1) * this.width;
			if (padded(offset, padding, pad) && Arrays.equals(this.serials, offset + padding, offset + this.width,
					twosComplement, start, twosComplement.length)
					&& (issuerOrdinal < 0 || this.entryIssuer[entry - 1] == issuerOrdinal)) {
				return entry - 1;
			}
			slot = (slot + 1) & this.mask;
		}
		return -1;
	}

	private boolean padded(int offset, int padding, byte pad) {
		for (int i = offset; i < offset + padding; i++) {
			if (this.serials[i] != pad) {
				return false;
			}
		}
		return true;
	}

	/** Skips redundant sign bytes, so that non-minimal encodings compare equal. */
	static int minimalStart(byte[] bytes, int from, int to) {
		int start = from;
		while (start < to - 1 && ((bytes[start] == 0 && bytes[start + 1] >= 0)
				|| (bytes[start] == -1 && bytes[start + 1] < 0))) {
			start++;
		}
		return start;
	}

	Instant revokedAt(int index) {
		return Instant.ofEpochSecond(Integer.toUnsignedLong(this.revokedAt[index]));
	}

	String reason(int index) {
		int code = this.reasons[index];
		return (code < 0) ? "unspecified" : RevocationStatus.reasonName(code);
	}

	/** The entry's reason code (RFC 5280 5.3.1), or -1 when it has none. */
	int reasonCode(int index) {
		return this.reasons[index];
	}

	public X500Principal issuer() {
		return this.issuer;
	}

	public Instant thisUpdate() {
		return this.thisUpdate;
	}

	public @Nullable Instant nextUpdate() {
		return this.nextUpdate;
	}

	/** Number of entries. */
	public int size() {
		return this.size;
	}

	/** Approximate heap the index retains, in bytes. */
	public long retainedBytes() {
		return this.serials.length + 4L * this.revokedAt.length + this.reasons.length + 4L * this.slots.length + 128;
	}

	private static final int HASH_SEED = 0x9747b28c;

	private static final int HASH_PRIME = 0x01000193;

	private static int hash(byte[] bytes, int offset, int length) {
		int h = HASH_SEED;
		for (int i = offset; i < offset + length; i++) {
			h = (h ^ bytes[i]) * HASH_PRIME;
		}
		return mix(h);
	}

	/** murmur3 fmix32: sequential serials spread over the table. */
	private static int mix(int h) {
		h ^= h >>> 16;
		h *= 0x85ebca6b;
		h ^= h >>> 13;
		h *= 0xc2b2ae35;
		h ^= h >>> 16;
		return h;
	}

	/** Walks the DER of a CertificateList (RFC 5280 5.1) in place. */
	private static final class Parser {

		private final byte[] der;

		/** Tag, content start and content end of the element last read. */
		private int tag;

		private int start;

		private int end;

		Parser(byte[] der) {
			this.der = der;
		}

		/** Reads the header of the element at {@code position}; returns the position after it. */
		private int read(int position, int limit) throws RevocationSourceException {
			if (position + 2 > limit) {
				throw new RevocationSourceException("malformed CRL: truncated at " + position);
			}
			this.tag = this.der[position] & 0xff;
			int first = this.der[position + 1] & 0xff;
			int cursor = position + 2;
			long length;
			if (first < 0x80) {
				length = first;
			}
			else {
				int octets = first & 0x7f;
				if (octets == 0 || octets > 4 || cursor + octets > limit) {
					throw new RevocationSourceException("malformed CRL: bad length at " + position);
				}
				length = 0;
				for (int i = 0; i < octets; i++) {
					length = (length << 8) | (this.der[cursor++] & 0xff);
				}
			}
			if (length > limit - cursor) {
				throw new RevocationSourceException("malformed CRL: length beyond its container at " + position);
			}
			this.start = cursor;
			this.end = cursor + (int) length;
			return this.end;
		}

		private void expect(int expected, String what) throws RevocationSourceException {
			if (this.tag != expected) {
				throw new RevocationSourceException("malformed CRL: expected " + what);
			}
		}

		private ASN1Primitive primitive(int from, int to) throws IOException {
			return ASN1Primitive.fromByteArray(Arrays.copyOfRange(this.der, from, to));
		}

		CrlIndex parse() throws Exception {
			read(0, this.der.length);
			expect(0x30, "CertificateList");
			if (this.end != this.der.length) {
				throw new RevocationSourceException("malformed CRL: trailing data");
			}
			int listEnd = this.end;
			int tbsFrom = this.start;
			int after = read(tbsFrom, listEnd);
			expect(0x30, "TBSCertList");
			int tbsStart = this.start;
			int tbsEnd = this.end;
			int algorithmFrom = after;
			after = read(algorithmFrom, listEnd);
			expect(0x30, "signatureAlgorithm");
			AlgorithmIdentifier algorithm = AlgorithmIdentifier.getInstance(primitive(algorithmFrom, after));
			byte[] outerAlgorithm = Arrays.copyOfRange(this.der, algorithmFrom, after);
			read(after, listEnd);
			expect(0x03, "signatureValue");
			if (this.end - this.start < 1 || this.der[this.start] != 0) {
				throw new RevocationSourceException("malformed CRL: bad signature bit string");
			}
			byte[] signature = Arrays.copyOfRange(this.der, this.start + 1, this.end);
			if (this.end != listEnd) {
				throw new RevocationSourceException("malformed CRL: trailing data in CertificateList");
			}
			Signed signed = new Signed(algorithm, Arrays.copyOfRange(this.der, tbsFrom, tbsEnd), signature);

			int cursor = tbsStart;
			int next = read(cursor, tbsEnd);
			if (this.tag == 0x02) {
				cursor = next;
				next = read(cursor, tbsEnd);
			}
			expect(0x30, "signature AlgorithmIdentifier");
			if (!Arrays.equals(this.der, cursor, next, outerAlgorithm, 0, outerAlgorithm.length)) {
				throw new RevocationSourceException("malformed CRL: inner and outer signature algorithms differ");
			}
			cursor = next;
			next = read(cursor, tbsEnd);
			expect(0x30, "issuer Name");
			X500Principal issuer = new X500Principal(Arrays.copyOfRange(this.der, cursor, next));
			cursor = next;
			next = read(cursor, tbsEnd);
			Instant thisUpdate = Time.getInstance(primitive(cursor, next)).getDate().toInstant();
			cursor = next;
			Instant nextUpdate = null;
			if (cursor < tbsEnd) {
				next = read(cursor, tbsEnd);
				if (this.tag == 0x17 || this.tag == 0x18) {
					nextUpdate = Time.getInstance(primitive(cursor, next)).getDate().toInstant();
					cursor = next;
				}
			}
			int entriesStart = -1;
			int entriesEnd = -1;
			if (cursor < tbsEnd) {
				next = read(cursor, tbsEnd);
				if (this.tag == 0x30) {
					entriesStart = this.start;
					entriesEnd = this.end;
					cursor = next;
				}
			}
			CrlScope scope = CrlScope.NONE;
			if (cursor < tbsEnd) {
				next = read(cursor, tbsEnd);
				expect(0xA0, "crlExtensions");
				scope = CrlScope.of(Extensions.getInstance(primitive(this.start, this.end)), issuer);
				cursor = next;
			}
			if (cursor != tbsEnd) {
				throw new RevocationSourceException("malformed CRL: unexpected data in TBSCertList");
			}
			return entries(issuer, scope, thisUpdate, nextUpdate, entriesStart, entriesEnd, signed);
		}

		private CrlIndex entries(X500Principal issuer, CrlScope scope, Instant thisUpdate, @Nullable Instant nextUpdate,
				int entriesStart, int entriesEnd, Signed signed) throws Exception {
			if (entriesStart < 0) {
				return new CrlIndex(issuer, scope, thisUpdate, nextUpdate, 0, 1, new byte[0], new int[0], new byte[0],
						null, null, signed);
			}
			// First pass: count the entries and find the widest serial, so the arrays are sized once.
			int count = 0;
			int width = 1;
			for (int cursor = entriesStart; cursor < entriesEnd;) {
				cursor = read(cursor, entriesEnd);
				expect(0x30, "revoked certificate entry");
				int entryEnd = this.end;
				read(this.start, entryEnd);
				expect(0x02, "userCertificate serial");
				width = Math.max(width, minimalLength(this.start, this.end));
				count++;
			}
			byte[] serials = new byte[count * width];
			int[] revokedAt = new int[count];
			byte[] reasons = new byte[count];
			// Indirect CRLs only: each entry's certificate issuer, which carries over to the next
			// entries until another certificateIssuer extension (RFC 5280 5.3.3).
			List<X500Principal> issuers = new ArrayList<>(List.of(issuer));
			byte[] entryIssuer = scope.indirect() ? new byte[count] : null;
			int index = 0;
			for (int cursor = entriesStart; cursor < entriesEnd; index++) {
				cursor = read(cursor, entriesEnd);
				int entryEnd = this.end;
				int field = read(this.start, entryEnd);
				copySerial(this.start, this.end, serials, index * width, width);
				field = read(field, entryEnd);
				if (this.tag != 0x17 && this.tag != 0x18) {
					throw new RevocationSourceException("malformed CRL: expected revocationDate");
				}
				revokedAt[index] = (int) epochSeconds(this.tag, this.start, this.end);
				reasons[index] = -1;
				X500Principal certificateIssuer = null;
				if (field < entryEnd) {
					read(field, entryEnd);
					expect(0x30, "crlEntryExtensions");
					EntryExtensions extensions = entryExtensions(this.start, this.end);
					reasons[index] = extensions.reason();
					certificateIssuer = extensions.certificateIssuer();
				}
				if (entryIssuer != null) {
					if (certificateIssuer != null && !issuers.contains(certificateIssuer)) {
						if (issuers.size() == 127) {
							throw new RevocationSourceException("an indirect CRL naming more than 127 issuers");
						}
						issuers.add(certificateIssuer);
					}
					entryIssuer[index] = (certificateIssuer != null) ? (byte) issuers.indexOf(certificateIssuer)
							: (index > 0) ? entryIssuer[index - 1] : 0;
				}
				else if (certificateIssuer != null) {
					throw new RevocationSourceException(
							"malformed CRL: a certificateIssuer entry extension on a CRL that is not indirect");
				}
			}
			return new CrlIndex(issuer, scope, thisUpdate, nextUpdate, count, width, serials, revokedAt, reasons,
					(entryIssuer != null) ? issuers.toArray(X500Principal[]::new) : null, entryIssuer, signed);
		}

		/** The reason code (-1 when absent) and certificate issuer; refuses unknown critical extensions. */
		private EntryExtensions entryExtensions(int from, int to) throws Exception {
			byte reason = -1;
			X500Principal certificateIssuer = null;
			for (int cursor = from; cursor < to;) {
				cursor = read(cursor, to);
				expect(0x30, "extension");
				int extensionEnd = this.end;
				int field = read(this.start, extensionEnd);
				expect(0x06, "extension id");
				int oidStart = this.start;
				int oidEnd = this.end;
				boolean critical = false;
				field = read(field, extensionEnd);
				if (this.tag == 0x01) {
					critical = this.end > this.start && this.der[this.start] != 0;
					read(field, extensionEnd);
				}
				expect(0x04, "extension value");
				if (Arrays.equals(this.der, oidStart, oidEnd, REASON_CODE, 0, REASON_CODE.length)) {
					read(this.start, this.end);
					expect(0x0A, "reason code");
					reason = this.der[this.end - 1];
				}
				else if (Arrays.equals(this.der, oidStart, oidEnd, CERTIFICATE_ISSUER, 0, CERTIFICATE_ISSUER.length)) {
					certificateIssuer = CrlScope.directoryName(GeneralNames.getInstance(primitive(this.start, this.end)));
					if (certificateIssuer == null) {
						throw new RevocationSourceException("malformed CRL: a certificateIssuer without a directory name");
					}
				}
				else if (critical
						&& !Arrays.equals(this.der, oidStart, oidEnd, INVALIDITY_DATE, 0, INVALIDITY_DATE.length)) {
					throw new RevocationSourceException("unsupported critical CRL entry extension");
				}
			}
			return new EntryExtensions(reason, certificateIssuer);
		}

		private int minimalLength(int from, int to) throws RevocationSourceException {
			if (to <= from) {
				throw new RevocationSourceException("malformed CRL: empty serial");
			}
			return to - minimalStart(this.der, from, to);
		}

		private void copySerial(int from, int to, byte[] target, int offset, int width) throws RevocationSourceException {
			int length = minimalLength(from, to);
			int start = to - length;
			if (this.der[start] < 0) {
				Arrays.fill(target, offset, offset + width - length, (byte) -1);
			}
			System.arraycopy(this.der, start, target, offset + width - length, length);
		}

		/** UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ) to epoch seconds, no objects. */
		private long epochSeconds(int tag, int from, int to) throws RevocationSourceException {
			int p = from;
			int year;
			if (tag == 0x17) {
				if (to - from != 13) {
					throw new RevocationSourceException("malformed CRL: UTCTime");
				}
				year = digits(p, 2);
				year += (year >= 50) ? 1900 : 2000;
				p += 2;
			}
			else {
				if (to - from != 15) {
					throw new RevocationSourceException("malformed CRL: GeneralizedTime");
				}
				year = digits(p, 4);
				p += 4;
			}
			int month = digits(p, 2);
			int day = digits(p + 2, 2);
			int hour = digits(p + 4, 2);
			int minute = digits(p + 6, 2);
			int second = digits(p + 8, 2);
			if (this.der[to - 1] != 'Z' || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23
					|| minute > 59 || second > 60) {
				throw new RevocationSourceException("malformed CRL: bad time");
			}
			return daysFromCivil(year, month, day) * 86400L + hour * 3600L + minute * 60L + second;
		}

		private int digits(int from, int count) throws RevocationSourceException {
			int value = 0;
			for (int i = from; i < from + count; i++) {
				int digit = this.der[i] - '0';
				if (digit < 0 || digit > 9) {
					throw new RevocationSourceException("malformed CRL: bad time digit");
				}
				value = value * 10 + digit;
			}
			return value;
		}

		/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
		private static long daysFromCivil(int year, int month, int day) {
			int y = (month <= 2) ? year - 1 : year;
			int era = Math.floorDiv(y, 400);
			int yoe = y - era * 400;
			int doy = (153 * (month + ((month > 2) ? -3 : 9)) + 2) / 5 + day - 1;
			int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
			return era * 146097L + doe - 719468;
		}

	}

	private record EntryExtensions(byte reason, @Nullable X500Principal certificateIssuer) {
	}

	/** The signed part of the CRL, kept to verify the signature once the signer is known. */
	private record Signed(AlgorithmIdentifier algorithm, byte[] tbs, byte[] signature) {
	}

}
