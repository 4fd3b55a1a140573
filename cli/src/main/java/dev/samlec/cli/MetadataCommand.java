package dev.samlec.cli;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.Pem;
import dev.samlec.mech.metadata.SpMetadataWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code samlec metadata}: writes SAML metadata for a samlec service, to register it at an identity provider. */
@Command(name = "metadata", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Writes SAML 2.0 metadata for a samlec service: an EntityDescriptor with an SPSSODescriptor holding one"
                + " PAOS AssertionConsumerService, WantAssertionsSigned=\"true\", and the given certificates as"
                + " signing and encryption KeyDescriptors (AuthnRequestsSigned=\"true\" only with a signing"
                + " certificate). Unsigned, UTF-8.",
            "Give the file to the IdP's administrator, or to 'samlec idp --register-sp'."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:metadata written",
            "1:a certificate or the output file could not be used (one line on stderr)",
            "2:usage error (missing or invalid option)"})
final class MetadataCommand implements Callable<Integer> {
    @Option(names = "--entity-id", required = true, paramLabel = "ID", description = "The service's entityID.")
    private String entityId;

    @Option(names = "--acs", required = true, paramLabel = "URL",
            description = "The service's PAOS AssertionConsumerService URL.")
    private String acs;

    @Option(names = "--signing-cert", paramLabel = "PEM",
            description = "The certificate the service signs AuthnRequests with (the first in the file).")
    private Path signingCert;

    @Option(names = "--encryption-cert", paramLabel = "PEM",
            description = "The certificate IdPs should encrypt assertions to (the first in the file; RSA).")
    private Path encryptionCert;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write to this file (replaced if it exists) instead of stdout.")
    private Path output;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws UsageException, EcpConfigurationException {
        SpMetadataWriter.Builder builder = SpMetadataWriter.builder().entityId(entityId)
                .assertionConsumerServiceUrl(acs);
        if (signingCert != null) {
            builder.signingCertificate(firstCertificate(signingCert));
        }
        if (encryptionCert != null) {
            builder.encryptionCertificate(firstCertificate(encryptionCert));
        }
        SpMetadataWriter writer;
        try {
            writer = builder.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        byte[] xml = writer.write();
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(new String(xml, StandardCharsets.UTF_8));
            out.flush();
            return 0;
        }
        try {
            Files.write(output, xml);
        } catch (IOException e) {
            throw new EcpConfigurationException(EcpError.INVALID_CONFIGURATION, "option --output: cannot write "
                    + output + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
        return 0;
    }

    private static X509Certificate firstCertificate(Path file) throws EcpConfigurationException {
        return Pem.readCertificates(file).get(0);
    }
}
