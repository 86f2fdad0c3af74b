package io.github.mtls.reload;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.mtls.core.AuthenticationPipeline;
import io.github.mtls.core.CertificateOrigin;
import io.github.mtls.core.Decision;
import io.github.mtls.core.RefusalReason;
import io.github.mtls.identity.CertificateCacheLimits;
import io.github.mtls.identity.CertificateFactsCache;
import io.github.mtls.identity.ClientIdentity;
import io.github.mtls.identity.IdentityIndex;
import io.github.mtls.identity.Names;
import io.github.mtls.identity.SelectorKind;
import io.github.mtls.path.PathSettings;
import io.github.mtls.path.ValidatedChains;
import io.github.mtls.policy.CertificatePolicy;
import io.github.mtls.policy.ClientTrust;
import io.github.mtls.test.TestCertificate;
import io.github.mtls.test.TestClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reloads racing requests, with real certificates and real path validation: a request is decided
 * with one snapshot, and no verdict computed under removed anchors survives the reload.
 */
class CurrentConfigurationConcurrencyTests {

	static final Instant NOW = Instant.now();

	static final TestCertificate removedCa = TestCertificate.authority("CN=Removed CA").build();

	static final TestCertificate keptCa = TestCertificate.authority("CN=Kept CA").build();

	static final TestCertificate removedClient = TestCertificate.client("CN=orders,O=Acme").signedBy(removedCa).build();

	static final TestCertificate keptClient = TestCertificate.client("CN=billing,O=Acme").signedBy(keptCa).build();

	@Test
	void noRequestDecidedAfterTheTrustReloadAcceptsAChainOfTheRemovedCa() throws Exception {
		IdentityIndex identities = index("orders", "CN=orders,O=Acme", "billing", "CN=billing,O=Acme");
		for (int round = 0; round < 20; round++) {
			CurrentConfiguration current = CurrentConfiguration.of(
					new ClientTrust("test", List.of(removedCa.certificate(), keptCa.certificate())), List.of(), identities);
			AuthenticationPipeline pipeline = pipeline(current);
			AtomicBoolean reloaded = new AtomicBoolean();
			ConcurrentLinkedQueue<Decision> afterReload = new ConcurrentLinkedQueue<>();
			java.util.concurrent.atomic.AtomicInteger before = new java.util.concurrent.atomic.AtomicInteger();
			ExecutorService requests = Executors.newFixedThreadPool(4);
			try {
				for (int i = 0; i < 4; i++) {
					requests.submit(() -> {
						while (!Thread.currentThread().isInterrupted()) {
							boolean after = reloaded.get();
							Decision decision = pipeline.authenticate(chain(removedClient), CertificateOrigin.DIRECT);
							if (after) {
								afterReload.add(decision);
							}
							else {
								before.incrementAndGet();
							}
						}
					});
				}
				// Requests in flight with the old anchors (their verdicts cached), then the reload.
				TrustRotationEndToEndTests.await(() -> before.get() >= 8);
				current.adoptTrust(new ClientTrust("test", List.of(keptCa.certificate())));
				reloaded.set(true);
				TrustRotationEndToEndTests.await(() -> afterReload.size() >= 8);
			}
			finally {
				requests.shutdownNow();
				assertThat(requests.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
			}
			assertThat(afterReload).isNotEmpty().allSatisfy((decision) -> assertThat(decision)
				.isInstanceOfSatisfying(Decision.Refused.class,
						(refused) -> assertThat(refused.reason()).isEqualTo(RefusalReason.CERTIFICATE_UNTRUSTED)));
			Decision last = pipeline.authenticate(chain(removedClient), CertificateOrigin.DIRECT);
			assertThat(last).isInstanceOf(Decision.Refused.class);
		}
	}

	@Test
	void requestsDuringAHundredIdentityReloadsSeeTheOldIndexOrTheNewNeverAMixOrNone() throws Exception {
		// Two indexes: in A orders has ROLE_A and billing exists; in B orders has ROLE_B and billing is gone.
		IdentityIndex a = new IdentityIndex(List.of(identity("orders", "CN=orders,O=Acme", "ROLE_A"),
				identity("billing", "CN=billing,O=Acme", "ROLE_A")));
		IdentityIndex b = new IdentityIndex(List.of(identity("orders", "CN=orders,O=Acme", "ROLE_B")));
		CurrentConfiguration current = CurrentConfiguration.of(
				new ClientTrust("test", List.of(removedCa.certificate(), keptCa.certificate())), List.of(), a);
		AuthenticationPipeline pipeline = pipeline(current);
		ExecutorService requests = Executors.newFixedThreadPool(3);
		ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
		try {
			Future<?> load = requests.submit(() -> {
				for (int i = 0; i < 100; i++) {
					current.adoptIdentities((i % 2 == 0) ? b : a, "test");
				}
			});
			for (int t = 0; t < 2; t++) {
				requests.submit(() -> {
					while (!load.isDone()) {
						Decision orders = pipeline.authenticate(chain(removedClient), CertificateOrigin.DIRECT);
						if (!(orders instanceof Decision.Accepted accepted)
								|| accepted.identity().authorities().size() != 1) {
							wrong.add("orders: " + orders);
						}
						Decision billing = pipeline.authenticate(chain(keptClient), CertificateOrigin.DIRECT);
						if (billing instanceof Decision.Refused refused
								&& refused.reason() != RefusalReason.IDENTITY_NOT_PINNED) {
							wrong.add("billing: " + refused.reason());
						}
					}
				});
			}
			load.get(30, TimeUnit.SECONDS);
		}
		finally {
			requests.shutdownNow();
			assertThat(requests.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(wrong).isEmpty();
		assertThat(current.get().generation()).isEqualTo(101);
		assertThat(current.get().identities()).isSameAs(a);
	}

	@Test
	void aReloadNamesTheIdentitiesAddedRemovedAndChangedNeverTheirValues() {
		IdentityIndex before = new IdentityIndex(List.of(identity("orders", "CN=orders,O=Acme", "ROLE_A"),
				identity("billing", "CN=billing,O=Acme", "ROLE_A")));
		IdentityIndex after = new IdentityIndex(List.of(identity("orders", "CN=orders,O=Acme", "ROLE_B"),
				identity("shipping", "CN=shipping,O=Acme", "ROLE_A")));
		CurrentConfiguration current = CurrentConfiguration.of(new ClientTrust("test", List.of()), List.of(), before);
		CurrentConfiguration.Change change = current.adoptIdentities(after, "file:/etc/mtls/identities.yaml");
		assertThat(change.generation()).isEqualTo(2);
		assertThat(change.added()).containsExactly("shipping");
		assertThat(change.removed()).containsExactly("billing");
		assertThat(change.changed()).containsExactly("orders");
		assertThat(change.loaded().source()).isEqualTo("file:/etc/mtls/identities.yaml");
	}

	@Test
	void aRejectedChangeKeepsTheLastGoodConfigurationUntilAGoodChangeOfTheSamePart() {
		IdentityIndex identities = index("orders", "CN=orders,O=Acme", "billing", "CN=billing,O=Acme");
		CurrentConfiguration current = CurrentConfiguration.of(new ClientTrust("test", List.of()), List.of(), identities);
		current.reject(TrustAndIdentities.Part.IDENTITIES, "test", "mtls.identities.orders.subject-dn", "not a DN");
		assertThat(current.get().identities()).isSameAs(identities);
		assertThat(current.get().generation()).isEqualTo(1);
		assertThat(current.unresolved()).singleElement()
			.satisfies((rejection) -> assertThat(rejection.property()).isEqualTo("mtls.identities.orders.subject-dn"));
		current.adoptTrust(new ClientTrust("test", List.of(keptCa.certificate())));
		assertThat(current.unresolved()).hasSize(1);
		current.adoptIdentities(identities, "test");
		assertThat(current.unresolved()).isEmpty();
		assertThat(current.rejectedCount()).isEqualTo(1);
		assertThat(current.lastRejected()).isPresent();
	}

	private static AuthenticationPipeline pipeline(CurrentConfiguration current) {
		return new AuthenticationPipeline(new CertificateFactsCache(CertificateCacheLimits.DEFAULTS),
				new CertificatePolicy(), current,
				new ValidatedChains(current, PathSettings.DEFAULTS, CertificateCacheLimits.DEFAULTS), List.of(),
				List.of(), new TestClock(NOW), true);
	}

	private static X509Certificate[] chain(TestCertificate client) {
		return new X509Certificate[] { client.certificate() };
	}

	private static IdentityIndex index(String name, String dn, String other, String otherDn) {
		return new IdentityIndex(List.of(identity(name, dn, "ROLE_A"), identity(other, otherDn, "ROLE_A")));
	}

	private static ClientIdentity identity(String name, String dn, String authority) {
		return new ClientIdentity(name, Map.of(SelectorKind.SUBJECT_DN, Set.of(Names.dn(dn))), List.of(authority));
	}

}
