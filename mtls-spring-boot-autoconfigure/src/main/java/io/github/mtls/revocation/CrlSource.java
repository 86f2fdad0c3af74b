package io.github.mtls.revocation;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.github.mtls.core.LogText;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CRLs by location (URL or file) and issuer key: each is downloaded (with a conditional GET, so an
 * unchanged CRL is not downloaded again) or read, verified once per version, and indexed; the
 * index is swapped in atomically and shared by every certificate of the CA. A CRL that is due for
 * a refresh but still within its nextUpdate keeps serving while the new version loads in the
 * background.
 */
final class CrlSource {

	private static final Logger logger = LoggerFactory.getLogger(CrlSource.class);

	private final RevocationHttpClient http;

	private final RevocationSettings settings;

	private final Clock clock;

	private final Executor executor;

	private final Function<URI, SourceHealth> health;

	private final Map<URI, Holder> holders = new ConcurrentHashMap<>();

	private final CrlValidation validation;

	CrlSource(RevocationHttpClient http, RevocationSettings settings, Clock clock, Executor executor,
			Function<URI, SourceHealth> health, CrlValidation.SignerTrust signers) {
		this.http = http;
		this.settings = settings;
		this.clock = clock;
		this.executor = executor;
		this.health = health;
		this.validation = new CrlValidation(signers);
	}

	/**
	 * The status of a certificate by every CRL at hand for it: its distribution points, the
	 * configured URLs and files, and the delta CRLs they announce (freshestCRL), processed as
	 * RFC 5280 6.3.3 says.
	 * @param query the time the status is for; unless observed, a CRL downloaded for it is not kept
	 * and its source's health is not recorded
	 * @throws RevocationSourceException when the CRLs at hand cannot determine the status
	 */
	RevocationStatus check(RevocationTarget target, Duration timeout, CrlQuery query)
			throws RevocationSourceException {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<CrlIndex> crls = new ArrayList<>();
		Map<CrlIndex, URI> origins = new IdentityHashMap<>();
		List<String> errors = new ArrayList<>();
		Instant loadedAt = Instant.MAX;
		Set<URI> seen = new LinkedHashSet<>();
		List<URI> pending = new ArrayList<>(target.crlLocations());
		pending.addAll(target.deltaLocations());
		for (int i = 0; i < pending.size(); i++) {
			URI location = pending.get(i);
			if (!seen.add(location)) {
				continue;
			}
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				errors.add(location + ": no time left");
				continue;
			}
			try {
				Loaded loaded = load(location, target, Duration.ofNanos(remaining), query.observed());
				crls.add(loaded.index());
				origins.put(loaded.index(), location);
				loadedAt = loadedAt.isBefore(loaded.loadedAt()) ? loadedAt : loaded.loadedAt();
				pending.addAll(loaded.index().scope().freshest());
			}
			catch (RevocationSourceException ex) {
				errors.add(location + ": " + ex.getMessage());
			}
		}
		CrlValidation.Outcome outcome = this.validation.status(target.certificate(), target.issuer(),
				target.candidates(), target.anchor(), crls, query);
		Instant now = this.clock.instant();
		Instant freshUntil = (loadedAt == Instant.MAX) ? now : loadedAt.plus(this.settings.cacheMaxTtl());
		if (outcome.freshUntil().isBefore(freshUntil)) {
			freshUntil = outcome.freshUntil();
		}
		if (!freshUntil.isAfter(now)) {
			freshUntil = now.plusSeconds(1);
		}
		String source = outcome.delta() ? "delta-crl" : "crl";
		String locations = String.join(", ", seen.stream().map(URI::toString).toList());
		return switch (outcome.state()) {
			case GOOD -> new RevocationStatus(RevocationStatus.State.GOOD, source, locations, now, freshUntil, null, null);
			case REVOKED -> new RevocationStatus(RevocationStatus.State.REVOKED, source,
					String.valueOf(origins.get(outcome.crl())), now, freshUntil,
					outcome.crl().revokedAt(outcome.entry()), outcome.crl().reason(outcome.entry()));
			case UNDETERMINED -> throw new RevocationSourceException(outcome.detail()
					+ (errors.isEmpty() ? "" : "; " + String.join("; ", errors)));
		};
	}

	/**
	 * The current version of the CRL at {@code location}. Unobserved (diagnostics), a usable kept
	 * version is read without starting a refresh, and anything downloaded is dropped afterwards.
	 */
	private Loaded load(URI location, RevocationTarget target, Duration timeout, boolean observed)
			throws RevocationSourceException {
		if (observed) {
			return this.holders.computeIfAbsent(location, (key) -> new Holder(location, this.health.apply(location)))
				.current(target, timeout);
		}
		Holder kept = this.holders.get(location);
		Loaded current = (kept != null) ? kept.loaded : null;
		if (current != null && kept.usable(current, this.clock.instant())) {
			return current;
		}
		return new Holder(location, new SourceHealth(RevocationMode.SourceKind.CRL, location.toString()))
			.current(target, timeout);
	}

	/** An index with when it was (re)validated against its source and the validators to revalidate it. */
	private record Loaded(CrlIndex index, Instant loadedAt, @Nullable String etag, @Nullable String lastModified,
			long fileStamp) {
	}

	private final class Holder {

		private final URI location;

		private final SourceHealth health;

		private volatile @Nullable Loaded loaded;

		private final AtomicBoolean refreshing = new AtomicBoolean();

		private final Object loadLock = new Object();

		Holder(URI location, SourceHealth health) {
			this.location = location;
			this.health = health;
		}

		Loaded current(RevocationTarget target, Duration timeout) throws RevocationSourceException {
			Instant now = CrlSource.this.clock.instant();
			Loaded current = this.loaded;
			if (current != null && usable(current, now)) {
				if (!now.isBefore(refreshAt(current)) && this.refreshing.compareAndSet(false, true)) {
					CrlSource.this.executor.execute(() -> {
						try {
							load(target, timeout);
						}
						catch (RevocationSourceException ex) {
							// Recorded in the source's health; the current version keeps serving.
						}
						finally {
							this.refreshing.set(false);
						}
					});
				}
				return current;
			}
			synchronized (this.loadLock) {
				current = this.loaded;
				if (current != null && usable(current, CrlSource.this.clock.instant())
						&& CrlSource.this.clock.instant().isBefore(refreshAt(current))) {
					return current;
				}
				return load(target, timeout);
			}
		}

		private boolean usable(Loaded loaded, Instant now) {
			Instant nextUpdate = loaded.index().nextUpdate();
			return (nextUpdate == null || now.isBefore(nextUpdate))
					&& now.isBefore(loaded.loadedAt().plus(CrlSource.this.settings.cacheMaxTtl()));
		}

		/** Three quarters into the time this version may be used without asking the source again. */
		private Instant refreshAt(Loaded loaded) {
			Instant until = loaded.loadedAt().plus(CrlSource.this.settings.cacheMaxTtl());
			Instant nextUpdate = loaded.index().nextUpdate();
			if (nextUpdate != null && nextUpdate.isBefore(until)) {
				until = nextUpdate;
			}
			long lifetime = Math.max(0, until.toEpochMilli() - loaded.loadedAt().toEpochMilli());
			return loaded.loadedAt().plusMillis(lifetime * 3 / 4);
		}

		private Loaded load(RevocationTarget target, Duration timeout) throws RevocationSourceException {
			Instant started = CrlSource.this.clock.instant();
			try {
				Loaded fresh = fetch(timeout);
				this.loaded = fresh;
				// An expired CRL is kept and reported: CrlValidation skips it with the reason.
				this.health.succeeded(CrlSource.this.clock.instant(), fresh.index().nextUpdate());
				return fresh;
			}
			catch (RevocationSourceException ex) {
				this.health.failed(started, ex.getMessage());
				logger.warn("CRL {} for {} unusable: {}", LogText.escape(this.location), target.label(),
						LogText.escape(ex.getMessage()));
				throw ex;
			}
		}

		private Loaded fetch(Duration timeout) throws RevocationSourceException {
			Loaded previous = this.loaded;
			long maxSize = CrlSource.this.settings.crlMaxSize();
			Instant now = CrlSource.this.clock.instant();
			if ("file".equals(this.location.getScheme())) {
				Path file = Path.of(this.location);
				try {
					BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
					long stamp = attributes.lastModifiedTime().toMillis() * 31 + attributes.size();
					if (previous != null && previous.fileStamp() == stamp) {
						return new Loaded(previous.index(), now, null, null, stamp);
					}
					if (attributes.size() > maxSize) {
						throw new RevocationSourceException("the CRL file has " + attributes.size()
								+ " bytes, more than crl.max-size (" + maxSize + ")");
					}
					return new Loaded(CrlIndex.read(pemToDer(Files.readAllBytes(file))), now, null, null,
							stamp);
				}
				catch (IOException ex) {
					throw new RevocationSourceException("cannot read the CRL file", ex);
				}
			}
			RevocationHttpClient.Response response = CrlSource.this.http.get(this.location,
					(previous != null) ? previous.etag() : null, (previous != null) ? previous.lastModified() : null,
					maxSize, timeout);
			if (response.status() == 304 && previous != null) {
				// Unchanged: the verified index stays, nothing is downloaded or verified again.
				return new Loaded(previous.index(), now, previous.etag(), previous.lastModified(), 0);
			}
			if (response.status() != 200) {
				throw new RevocationSourceException("HTTP " + response.status());
			}
			byte[] body = pemToDer(response.body());
			CrlIndex index = CrlIndex.read(body);
			return new Loaded(index, now, response.etag(), response.lastModified(), 0);
		}

	}

	/** CRLs are DER by RFC 5280, but some servers publish PEM. */
	private static byte[] pemToDer(byte[] body) throws RevocationSourceException {
		if (body.length > 10 && body[0] == '-' && body[1] == '-') {
			String text = new String(body, java.nio.charset.StandardCharsets.US_ASCII);
			int begin = text.indexOf("-----BEGIN X509 CRL-----");
			int end = text.indexOf("-----END X509 CRL-----");
			if (begin < 0 || end < begin) {
				throw new RevocationSourceException("malformed CRL: PEM without an X509 CRL block");
			}
			try {
				return java.util.Base64.getMimeDecoder().decode(text.substring(begin + 24, end));
			}
			catch (IllegalArgumentException ex) {
				throw new RevocationSourceException("malformed CRL: bad PEM", ex);
			}
		}
		return body;
	}

}
