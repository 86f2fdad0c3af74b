package io.github.mtls.path;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.security.auth.x500.X500Principal;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.mtls.core.LimitedBody;
import io.github.mtls.identity.Names;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the issuers a client did not send from its certificates' Authority Information Access
 * caIssuers URLs (RFC 5280 4.2.2.1, {@code mtls.trust.fetch-issuers}): over plain HTTP only, a DER
 * certificate or a PKCS#7 "certs-only" message, at most {@value #MAX_SIZE} bytes within
 * {@link #TIMEOUT}. What is fetched is only more untrusted pool for the path builder, never an
 * anchor: a path through it must still end in a configured trust anchor.
 *
 * <p>Callers fetch only for pinned identities, so an unknown certificate never makes the server
 * connect anywhere. Answers are cached by URL, failures too (for {@link #FAILURE_KEPT}), so a dead
 * or hostile URL is asked at most once a minute however many requests name it.
 */
public final class IssuerFetcher {

	private static final Logger logger = LoggerFactory.getLogger(IssuerFetcher.class);

	/** An issuing CA is one or two KB; a PKCS#7 bundle of a few of them fits with room to spare. */
	static final int MAX_SIZE = 64 * 1024;

	/** The whole exchange, body included: a blocking caller waits at most this long. */
	static final Duration TIMEOUT = Duration.ofSeconds(5);

	/** How long fetched issuers are reused: CA certificates change rarely. */
	static final Duration KEPT = Duration.ofHours(1);

	/** How long a failed fetch is remembered before the URL is asked again. */
	static final Duration FAILURE_KEPT = Duration.ofMinutes(1);

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		// A redirect could point anywhere (an internal address, another scheme): not followed.
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(TIMEOUT)
		.build();

	private static final Fetched NONE = new Fetched(List.of(), null);

	private final AsyncCache<URI, Fetched> fetched;

	/** A fetcher on the system ticker. */
	public IssuerFetcher() {
		this(Ticker.systemTicker());
	}

	/** A fetcher whose cache ages by {@code ticker}. */
	public IssuerFetcher(Ticker ticker) {
		this.fetched = Caffeine.newBuilder()
			.ticker(ticker)
			// Entries are at most MAX_SIZE each: 256 URLs bound the cache to 16 MB in the worst case.
			.maximumSize(256)
			.expireAfter(Expiry.creating((URI uri, Fetched answer) -> answer.failure() != null ? FAILURE_KEPT : KEPT))
			.buildAsync();
	}

	/**
	 * Completes a chain with the issuers it lacks: from the leaf up, each certificate whose issuer is
	 * neither an anchor nor in the chain, the configured intermediates or what was fetched already
	 * gets its caIssuers fetched, at most {@code maxChainLength} times. Waits for each fetch, within
	 * {@link #TIMEOUT}.
	 * @param chain the leaf followed by the pool presented with it
	 * @param validator the validator holding the anchors and intermediates in force
	 * @return the certificates fetched, empty when none was needed or could be had
	 */
	List<X509Certificate> missingIssuers(List<X509Certificate> chain, PathValidator validator) {
		return walk(chain, validator, true).added();
	}

	/**
	 * The fetch {@link #missingIssuers} would wait for, started and not yet answered, so that a caller
	 * that must not block waits for it elsewhere.
	 * @return the fetch under way, or {@code null} when {@link #missingIssuers} answers without waiting
	 */
	@Nullable CompletableFuture<?> pending(List<X509Certificate> chain, PathValidator validator) {
		return walk(chain, validator, false).pending();
	}

	private Walk walk(List<X509Certificate> chain, PathValidator validator, boolean wait) {
		List<X509Certificate> known = new ArrayList<>(chain.subList(1, chain.size()));
		known.addAll(validator.intermediates());
		List<X509Certificate> added = new ArrayList<>();
		X509Certificate current = chain.get(0);
		for (int depth = 0; depth < validator.settings().maxChainLength(); depth++) {
			X500Principal issuer = current.getIssuerX500Principal();
			if (Names.sameName(issuer, current.getSubjectX500Principal()) || named(validator.anchors(), issuer) != null) {
				break;
			}
			X509Certificate next = named(known, issuer);
			if (next == null) {
				CompletableFuture<Fetched> answer = issuersOf(current);
				if (!wait && !answer.isDone()) {
					return new Walk(added, answer);
				}
				for (X509Certificate certificate : answer.join().certificates()) {
					if (certificate.getBasicConstraints() >= 0 && !known.contains(certificate)) {
						known.add(certificate);
						added.add(certificate);
					}
				}
				next = named(added, issuer);
			}
			if (next == null) {
				break;
			}
			current = next;
		}
		return new Walk(added, null);
	}

	/** What a walk up the chain found, or the fetch it stopped at. */
	private record Walk(List<X509Certificate> added, @Nullable CompletableFuture<?> pending) {
	}

	private static @Nullable X509Certificate named(Collection<X509Certificate> certificates, X500Principal name) {
		for (X509Certificate certificate : certificates) {
			if (Names.sameName(certificate.getSubjectX500Principal(), name)) {
				return certificate;
			}
		}
		return null;
	}

	/**
	 * The answer of the first HTTP caIssuers URL of {@code certificate}, fetched once per URL: it
	 * always completes, within {@link #TIMEOUT}, and never exceptionally (a failure is an answer
	 * without certificates).
	 */
	private CompletableFuture<Fetched> issuersOf(X509Certificate certificate) {
		URI uri = caIssuers(certificate);
		if (uri == null) {
			return CompletableFuture.completedFuture(NONE);
		}
		return this.fetched.get(uri, (key, executor) -> fetch(key));
	}

	private CompletableFuture<Fetched> fetch(URI uri) {
		HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
		return this.client
			.sendAsync(request,
					(info) -> new LimitedBody(info.headers().firstValueAsLong("Content-Length").orElse(-1), MAX_SIZE))
			.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
			.handle((response, failure) -> (failure != null) ? failed(uri, failure) : answer(uri, response));
	}

	private static Fetched answer(URI uri, HttpResponse<byte[]> response) {
		if (response.statusCode() != 200) {
			return failed(uri, "HTTP " + response.statusCode());
		}
		try {
			// The JDK's factory reads a DER certificate and a PKCS#7 SignedData's certificates alike.
			List<X509Certificate> certificates = new ArrayList<>();
			for (Certificate certificate : CertificateFactory.getInstance("X.509")
				.generateCertificates(new ByteArrayInputStream(response.body()))) {
				certificates.add((X509Certificate) certificate);
			}
			if (certificates.isEmpty()) {
				return failed(uri, "no certificate in the answer");
			}
			logger.debug("Fetched {} issuer certificate(s) from caIssuers {}", certificates.size(), uri);
			return new Fetched(List.copyOf(certificates), null);
		}
		catch (Exception ex) {
			return failed(uri, ex);
		}
	}

	private static Fetched failed(URI uri, Throwable failure) {
		// Refused bodies, unreachable hosts, timeouts and unparseable answers alike: the path stays unbuilt.
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		return failed(uri, (cause instanceof TimeoutException) ? "no answer within " + TIMEOUT.toMillis() + " ms"
				: cause.getClass().getSimpleName());
	}

	private static Fetched failed(URI uri, String why) {
		logger.info("Could not fetch the issuer from caIssuers {}: {}", uri, why);
		return new Fetched(List.of(), why);
	}

	/** The first caIssuers URL over plain HTTP (RFC 5280 4.2.2.1 names HTTP and LDAP; LDAP is not fetched). */
	static @Nullable URI caIssuers(X509Certificate certificate) {
		byte[] extension = certificate.getExtensionValue(Extension.authorityInfoAccess.getId());
		if (extension == null) {
			return null;
		}
		try {
			AuthorityInformationAccess access = AuthorityInformationAccess
				.getInstance(ASN1OctetString.getInstance(extension).getOctets());
			for (AccessDescription description : access.getAccessDescriptions()) {
				GeneralName location = description.getAccessLocation();
				if (AccessDescription.id_ad_caIssuers.equals(description.getAccessMethod())
						&& location.getTagNo() == GeneralName.uniformResourceIdentifier) {
					URI uri = URI.create(location.getName().toString());
					if ("http".equals(uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT))
							&& uri.getHost() != null) {
						return uri;
					}
				}
			}
		}
		catch (RuntimeException ex) {
			// A malformed extension or URL names no issuer to fetch.
		}
		return null;
	}

	/** An answer: the certificates, or why there are none. */
	private record Fetched(List<X509Certificate> certificates, @Nullable String failure) {
	}

}
