package dev.samlec.cli;

import dev.samlec.mech.client.TlsTrust;
import dev.samlec.mech.metadata.FederationTrust;
import dev.samlec.mech.metadata.IdpMetadata;
import dev.samlec.mech.metadata.MdqTrustSource;
import dev.samlec.mech.metadata.MetadataLoader;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import dev.samlec.testkit.sp.DemoServiceProvider;
import java.io.PrintWriter;
import dev.samlec.mech.service.LoginStateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code samlec sp}: an HTTP resource protected by samlec's service side, trusting an IdP from its metadata, the IdPs
 * of a federation aggregate, or those of an MDQ service.
 */
@Command(name = "sp", mixinStandardHelpOptions = true,
        description = {"Serve an HTTP resource protected by samlec's ECP service side (a PAOS SP), for testing "
                + "an IdP or a client. Accepts Responses signed by the IdP named in --idp-metadata (with "
                + "--idp-entity-id: that one; without: every IdP of the document passing the --federation-* "
                + "filters; with --idp-mdq instead: the IdPs that MDQ service answers for, looked up by the Issuer of "
                + "each Response, under the same options); register the printed entity ID and ACS URL at the IdP(s). "
                + "For tests and demos: plain HTTP, sessions in memory; the login state (replay cache, issued request "
                + "IDs) in memory, or on a Redis shared by several sp processes with --login-store redis.",
            "Runs until interrupted."})
final class SpCommand implements Callable<Integer> {
    /** How long an issued request stays answerable (the service settings' default). */
    private static final Duration REQUEST_LIFETIME = Duration.ofMinutes(5);

    @Spec
    private CommandSpec spec;

    @Mixin
    private IdpOptions idp = new IdpOptions();

    @Option(names = "--idp-mdq", paramLabel = "URL", description = IdpMdqSource.HELP)
    private URI idpMdq;

    @Mixin
    private FederationOptions federation = new FederationOptions();

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Listen address (default: ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = "--port", defaultValue = "0", description = "Port (default: any free port).")
    private int port;

    @Option(names = "--entity-id", paramLabel = "ID", description = "The service's entity ID "
            + "(default: http://HOST:PORT/sp).")
    private String entityId;

    @Option(names = "--allow-http", description = "Allow a plain-http --idp-metadata URL (tests only: whoever is on "
            + "the path could replace the IdP's signing keys) or --idp-mdq URL (its answers could be withheld).")
    private boolean allowHttp;

    @Option(names = "--trust", paramLabel = "PEM", description = "Trust only these certificates (leaf or CA) for an "
            + "https --idp-metadata or --idp-mdq URL's TLS.")
    private Path trust;

    @Option(names = "--system-trust", description = "Trust the JVM's default CA bundle for an https --idp-metadata "
            + "or --idp-mdq URL's TLS (for --idp-mdq also the default).")
    private boolean systemTrust;

    @Mixin
    private LoginStoreOptions loginStore = new LoginStoreOptions();

    private LoginStateStore store;

    @Override
    public Integer call() throws Exception {
        DemoServiceProvider sp = start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sp.close();
            closeStore();
        }, "samlec-sp-shutdown"));
        new CountDownLatch(1).await();
        return 0;
    }

    /** Closes the shared login state store, if one was opened. */
    void closeStore() {
        if (store != null) {
            store.close();
            store = null;
        }
    }

    /** Starts the service and prints where it is; the caller owns (and closes) it, and then {@link #closeStore}. */
    DemoServiceProvider start() throws Exception {
        if (idpMdq != null) {
            IdpMdqSource.checkOptions(idp.idpMetadata, idp.metadataSigningCert);
        } else {
            idp.checkSigningCertHasMetadata();
            if (idp.idpMetadata == null) {
                throw new UsageException("--idp-metadata is required (or --idp-mdq URL)");
            }
        }
        federation.checkNotWithEntityId(idp.idpEntityId);
        idp.validity(); // a bad --metadata-max-validity before anything starts
        DemoServiceProvider.Builder builder = DemoServiceProvider.builder().host(host).port(port).entityId(entityId)
                .scopedAttributes(federation.scopedAttributePolicy());
        String trusted = trust(builder);
        store = loginStore.open(Clock.systemUTC()).orElse(null);
        DemoServiceProvider sp;
        try {
            if (store != null) {
                builder.replayCache(store.replayCache()).requestTracker(store.requestTracker(REQUEST_LIFETIME));
            }
            sp = builder.start();
        } catch (Exception | Error e) {
            closeStore();
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("samlec demo service provider (for tests and demos only)");
        out.println("  protected resource: " + sp.resourceUrl());
        out.println("  entity ID:          " + sp.entityId());
        out.println("  ACS (PAOS):         " + sp.acsUrl());
        out.println("  SP metadata:        " + sp.metadataUrl());
        out.println("  trusted IdP:        " + trusted);
        out.println("  login state:        " + loginStore.describe());
        out.flush();
        return sp;
    }

    /**
     * Sets the service's trust: the --idp-mdq service (one IdP with --idp-entity-id), else one IdP of the metadata
     * with --idp-entity-id, or the whole document as a federation, narrowed by the filters. Returns what to print.
     */
    private String trust(DemoServiceProvider.Builder builder) throws Exception {
        Optional<TlsTrust> tls = TrustChoice.of(trust, systemTrust);
        if (idpMdq != null) {
            MdqTrustSource mdq = new IdpMdqSource(idpMdq, idp.metadataSigningCert, allowHttp, tls, Clock.systemUTC(),
                    idp.validity())
                    .trust(idp.idpEntityId, federation);
            builder.trust(mdq);
            return idp.idpEntityId != null ? idp.idpEntityId + " (looked up at MDQ " + idpMdq + ")" : mdq.describe();
        }
        if (idp.idpEntityId == null) {
            FederationTrust federationTrust = new IdpMetadataSource(idp.idpMetadata, null, Clock.systemUTC(),
                    allowHttp, tls, Optional.ofNullable(idp.metadataSigningCert),
                    MetadataLoader.DEFAULT_CALL_TIMEOUT, idp.validity())
                    .loadFederation(federation.filter(), federation.maxBytes(true));
            builder.trust(federationTrust);
            return federationTrust.soleIdp().orElse(federationTrust.describe());
        }
        IdpMetadata metadata = new IdpMetadataSource(idp.idpMetadata, idp.idpEntityId, Clock.systemUTC(),
                allowHttp, tls, Optional.ofNullable(idp.metadataSigningCert),
                MetadataLoader.DEFAULT_CALL_TIMEOUT, idp.validity()).load(federation.maxBytes(false));
        builder.trust(metadata);
        return metadata.entityId();
    }
}
