package dev.samlec.bench.load;

import dev.samlec.bench.Options;
import dev.samlec.mech.SigningKey;
import dev.samlec.mech.metadata.FederationFilter;
import dev.samlec.mech.metadata.FederationTrust;
import dev.samlec.mech.metadata.MetadataAggregate;
import dev.samlec.mech.metadata.MetadataAggregateReader;
import dev.samlec.testkit.FederationMetadataBuilder;
import dev.samlec.testkit.GeneratedKeys;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A federation-sized aggregate: generates a signed {@code md:EntitiesDescriptor} of N IdPs (default 10,000; each
 * with a signing and an encryption certificate, a rollover signing certificate on every fourth, three SSO endpoints,
 * two DisplayNames, scopes, registration authority and entity categories, as large federations publish them). Eight
 * RSA-2048 key pairs are reused to generate it quickly, but every IdP gets certificates of its own (reissued with
 * its name), as in a real federation: the JDK's CertificateFactory shares identical certificates, so reused
 * certificates would make the retained heap look smaller than it is. It then measures reading it with
 * {@link MetadataAggregateReader} (parse, entity cap, unmarshal, root signature check, extraction) several times,
 * the retained heap of the resulting {@link MetadataAggregate} with its {@link FederationTrust} (used heap after full
 * GCs with and without it), and the cost of a lookup by Issuer.
 */
public final class FederationLoad {
    private static final int KEYS = 8;

    private FederationLoad() {
    }

    /** Measures ({@code --idps}, {@code --runs}); returns 0. */
    public static int run(Options options, PrintStream out) throws Exception {
        int n = options.integer("idps", 10_000);
        int runs = options.integer("runs", 3);
        long start = System.nanoTime();
        SigningKey federation = GeneratedKeys.rsa("bench federation");
        List<SigningKey> keys = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            keys.add(GeneratedKeys.rsa("bench idp " + i));
        }
        byte[] xml = aggregate(n, keys, federation);
        out.printf(Locale.ROOT, "generated a signed aggregate of %,d IdPs: %,d bytes (%.1f MB) in %.1f s%n", n,
                xml.length, xml.length / 1e6, (System.nanoTime() - start) / 1e9);
        MetadataAggregateReader reader = MetadataAggregateReader.builder()
                .maxBytes(Math.max(MetadataAggregateReader.DEFAULT_MAX_BYTES, xml.length))
                .verifySignatureWith(List.of(federation.certificate())).build();
        double[] seconds = new double[runs];
        long[] retained = new long[runs];
        FederationTrust trust = null;
        for (int r = 0; r < runs; r++) {
            long before = usedAfterGc();
            long t0 = System.nanoTime();
            MetadataAggregate aggregate = reader.read(xml, "bench aggregate");
            trust = FederationTrust.of(aggregate, FederationFilter.all());
            seconds[r] = (System.nanoTime() - t0) / 1e9;
            retained[r] = usedAfterGc() - before;
            out.printf(Locale.ROOT, "  run %d: read + signature check + trust snapshot %.2f s, retained heap %.1f MB"
                    + " (%,d B per IdP)%n", r + 1, seconds[r], retained[r] / 1e6, retained[r] / n);
            if (r < runs - 1) {
                Reference.reachabilityFence(trust);
                trust = null;
            }
        }
        Arrays.sort(seconds);
        Arrays.sort(retained);
        out.printf(Locale.ROOT, "median: read %.2f s, retained %.1f MB (%,d B per IdP), %d IdPs trusted%n",
                seconds[runs / 2], retained[runs / 2] / 1e6, retained[runs / 2] / n, trust.size());
        phases(xml, federation, out);
        out.printf(Locale.ROOT, "lookup by Issuer: %.0f ns per find (%s)%n", lookupNanos(trust, n), "hits and misses");
        out.printf(Locale.ROOT, "max heap %.0f MB; %s%n", Runtime.getRuntime().maxMemory() / 1e6,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        return 0;
    }

    static byte[] aggregate(int n, List<SigningKey> keys, SigningKey federation) {
        FederationMetadataBuilder builder = FederationMetadataBuilder.aggregate("urn:bench:federation")
                .validUntil(Instant.now().plus(Duration.ofDays(14))).cacheDuration(Duration.ofHours(6));
        for (int i = 0; i < n; i++) {
            String host = "idp" + i + ".university" + (i % 97) + ".example.edu";
            FederationMetadataBuilder.Idp idp = FederationMetadataBuilder.idp("https://" + host + "/idp/shibboleth")
                    .signingCertificate(GeneratedKeys.reissue(keys.get(i % keys.size()), host).certificate())
                    .encryptionCertificate(GeneratedKeys.reissue(keys.get((i + 1) % keys.size()), host + " enc")
                            .certificate())
                    .ecp(URI.create("https://" + host + "/idp/profile/SAML2/SOAP/ECP"))
                    .singleSignOnService(FederationMetadataBuilder.REDIRECT_BINDING,
                            "https://" + host + "/idp/profile/SAML2/Redirect/SSO")
                    .singleSignOnService("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST",
                            "https://" + host + "/idp/profile/SAML2/POST/SSO")
                    .displayName("en", "University number " + i).displayName("de", "Universitaet Nummer " + i)
                    .scope("university" + (i % 97) + ".example.edu").scopeRegexp("^.+\\.idp" + i + "\\.example\\.edu$")
                    .registrationAuthority("https://federation" + (i % 5) + ".example.org/")
                    .entityAttribute(FederationMetadataBuilder.ENTITY_CATEGORY, FederationMetadataBuilder.REFEDS_RS)
                    .entityAttribute("http://macedir.org/entity-category-support",
                            "http://refeds.org/category/code-of-conduct/v2");
            if (i % 4 == 0) {
                idp.signingCertificate(GeneratedKeys.reissue(keys.get((i + 2) % keys.size()), host + " next")
                        .certificate());
            }
            builder.add(idp);
        }
        return builder.signedWith(federation).toBytes();
    }

    /** Where the read's time goes: hardened parse, OpenSAML unmarshalling, the signature check, one run each. */
    private static void phases(byte[] xml, SigningKey federation, PrintStream out) throws Exception {
        dev.samlec.mech.internal.xml.OpenSaml.ensureInitialized();
        long t0 = System.nanoTime();
        org.w3c.dom.Document document = new dev.samlec.mech.SecureXmlParser(xml.length).parse(xml, "bench");
        long t1 = System.nanoTime();
        org.w3c.dom.Element root = document.getDocumentElement();
        org.opensaml.saml.saml2.metadata.EntitiesDescriptor object =
                (org.opensaml.saml.saml2.metadata.EntitiesDescriptor) org.opensaml.core.xml.util.XMLObjectSupport
                        .getUnmarshaller(root).unmarshall(root);
        long t2 = System.nanoTime();
        org.opensaml.xmlsec.signature.support.SignatureValidator.validate(object.getSignature(),
                new org.opensaml.security.x509.BasicX509Credential(federation.certificate()));
        long t3 = System.nanoTime();
        out.printf(Locale.ROOT, "phases (one run): hardened DOM parse %.2f s, OpenSAML unmarshal %.2f s, root"
                + " signature (c14n + SHA-256 of the whole document) %.2f s; the rest of a read is extraction%n",
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
    }

    private static double lookupNanos(FederationTrust trust, int n) throws Exception {
        String[] ids = new String[4096];
        for (int i = 0; i < ids.length; i++) {
            int k = (i * 7919) % (n + n / 4); // about one miss in five
            ids[i] = "https://idp" + k + ".university" + (k % 97) + ".example.edu/idp/shibboleth";
        }
        long found = 0;
        for (int i = 0; i < 2_000_000; i++) { // warm-up
            found += trust.find(ids[i & (ids.length - 1)]).isPresent() ? 1 : 0;
        }
        int iterations = 5_000_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            found += trust.find(ids[i & (ids.length - 1)]).isPresent() ? 1 : 0;
        }
        double nanos = (System.nanoTime() - t0) / (double) iterations;
        if (found == 0) {
            throw new IllegalStateException("no lookup found an IdP");
        }
        return nanos;
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
