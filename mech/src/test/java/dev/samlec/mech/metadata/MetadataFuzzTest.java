package dev.samlec.mech.metadata;

import static dev.samlec.mech.testing.FuzzContract.holdsWithCodes;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.testing.FuzzContract;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets for metadata read from bytes (issue 10, part 8): {@link MetadataLoader#load(byte[], String)} with
 * and without signature verification, and {@link SpMetadataReader#read}. Contract: the metadata, or an
 * {@link EcpConfigurationException} with {@code metadata_invalid} (or {@code metadata_signature_invalid} when a
 * signature is required). Oracle for the verifying loader: whatever it accepts is exactly the signed seed's
 * metadata (entityID, endpoints, keys). Seeds in {@code MetadataFuzzTestInputs/<method>/}.
 */
class MetadataFuzzTest {
    /** The entity of the signed seed ({@code signed-idp.xml}), signed with {@code test-signer.key}. */
    static final String SIGNED_IDP = "https://idp.example.org/idp/shibboleth";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-06-01T12:00:00Z"), ZoneOffset.UTC);
    private static final Set<EcpError> METADATA_INVALID = Set.of(EcpError.METADATA_INVALID);
    private static final Set<EcpError> INVALID_OR_UNSIGNED = Set.of(EcpError.METADATA_INVALID,
            EcpError.METADATA_SIGNATURE_INVALID);
    private static final MetadataLoader LOADER = MetadataLoader.builder().clock(CLOCK).build();
    private static final SpMetadataReader SP_READER = new SpMetadataReader();

    static {
        FuzzContract.warmUp(() -> {
            LOADER.load(MetadataFixtures.resource("keycloak-idp-metadata.xml"), "warm-up");
            SP_READER.read(MetadataFixtures.resource("shibboleth-sp-metadata.xml"), "warm-up");
            Signed.GENUINE.toString();
        });
    }

    @FuzzTest
    @Timeout(FuzzContract.TIMEOUT_SECONDS)
    void loadWhenFuzzedThenMetadataOrMetadataInvalid(byte[] input) {
        holdsWithCodes(METADATA_INVALID, () -> LOADER.load(input, "fuzzed metadata").toString());
    }

    @FuzzTest
    @Timeout(FuzzContract.TIMEOUT_SECONDS)
    void loadWhenSignatureRequiredAndFuzzedThenOnlyTheSignedMetadata(byte[] input) {
        holdsWithCodes(INVALID_OR_UNSIGNED, () -> {
            IdpMetadata accepted = Signed.LOADER.load(input, "fuzzed signed metadata");
            if (!accepted.equals(Signed.GENUINE)) {
                throw new AssertionError("metadata accepted as signed but not the signed one: " + accepted);
            }
        });
    }

    @FuzzTest
    @Timeout(FuzzContract.TIMEOUT_SECONDS)
    void spMetadataReadWhenFuzzedThenMetadataOrMetadataInvalid(byte[] input) {
        holdsWithCodes(METADATA_INVALID, () -> SP_READER.read(input, "fuzzed SP metadata").toString());
    }

    /** The verifying loader and what it reads from the genuine signed seed. */
    private static final class Signed {
        static final MetadataLoader LOADER;
        static final IdpMetadata GENUINE;

        static {
            try {
                X509Certificate signer = MetadataFixtures.certificate("test-signer.crt");
                LOADER = MetadataLoader.builder().clock(CLOCK).entityId(SIGNED_IDP)
                        .verifySignatureWith(List.of(signer)).build();
                GENUINE = LOADER.load(MetadataFixtures.resource("MetadataFuzzTestInputs/"
                        + "loadWhenSignatureRequiredAndFuzzedThenOnlyTheSignedMetadata/signed-idp.xml"), "seed");
            } catch (Exception e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }
}
