package io.github.mtls.revocation;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

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

	private final Map<Key, Holder> holders = new ConcurrentHashMap<>();

	CrlSource(RevocationHttpClient http, RevocationSettings settings, Clock clock, Executor executor,
			Function<URI, SourceHealth> health) {
		this.http = http;
		this.settings = settings;
		this.clock = clock;
		this.executor = executor;
		this.health = health;
	}

	RevocationStatus check(RevocationTarget target, URI location, Duration timeout) throws RevocationSourceException {
		Holder holder = this.holders.computeIfAbsent(new Key(location, target.id().issuerKey()),
				(key) -> new Holder(location, this.health.apply(location)));
		Loaded loaded = holder.current(target, timeout);
		Instant now = this.clock.instant();
		CrlIndex index = loaded.index();
		Instant freshUntil = loaded.loadedAt().plus(this.settings.cacheMaxTtl());
		if (index.nextUpdate() != null && index.nextUpdate().isBefore(freshUntil)) {
			freshUntil = index.nextUpdate();
		}
		if (!freshUntil.isAfter(now)) {
			freshUntil = now.plusSeconds(1);
		}
		int entry = index.indexOf(target.certificate().getSerialNumber());
		if (entry < 0) {
			return new RevocationStatus(RevocationStatus.State.GOOD, "crl", location.toString(), now, freshUntil, null,
					null);
		}
		return new RevocationStatus(RevocationStatus.State.REVOKED, "crl", location.toString(), now, freshUntil,
				index.revokedAt(entry), index.reason(entry));
	}

	/** Largest CRL now held, for diagnostics and tests. */
	int largestSize() {
		return this.holders.values()
			.stream()
			.map((holder) -> holder.loaded)
			.filter(java.util.Objects::nonNull)
			.mapToInt((loaded) -> loaded.index().size())
			.max()
			.orElse(0);
	}

	private record Key(URI location, String issuerKey) {
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
				Loaded fresh = fetch(target, timeout);
				this.loaded = fresh;
				this.health.succeeded(CrlSource.this.clock.instant(), fresh.index().nextUpdate());
				Instant nextUpdate = fresh.index().nextUpdate();
				if (nextUpdate != null && !nextUpdate.isAfter(CrlSource.this.clock.instant())) {
					throw new RevocationSourceException("the CRL is expired: nextUpdate " + nextUpdate);
				}
				return fresh;
			}
			catch (RevocationSourceException ex) {
				this.health.failed(started, ex.getMessage());
				logger.warn("CRL {} for {} unusable: {}", this.location, target.label(), ex.getMessage());
				throw ex;
			}
		}

		private Loaded fetch(RevocationTarget target, Duration timeout) throws RevocationSourceException {
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
					return new Loaded(CrlIndex.parse(pemToDer(Files.readAllBytes(file)), target.issuer()), now, null, null,
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
			CrlIndex index = CrlIndex.parse(body, target.issuer());
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
