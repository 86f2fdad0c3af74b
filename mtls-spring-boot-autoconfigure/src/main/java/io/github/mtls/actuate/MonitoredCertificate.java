package io.github.mtls.actuate;

import io.github.mtls.policy.CertificateRole;
import io.github.mtls.identity.CertificateFacts;

/**
 * A certificate the service depends on, with why and under which name.
 *
 * @param role why the service depends on it
 * @param name the SSL bundle name (server), the CA's common name (trust anchor, intermediate) or
 * the identity name (client)
 * @param facts the certificate's facts
 */
public record MonitoredCertificate(CertificateRole role, String name, CertificateFacts facts) {

}
