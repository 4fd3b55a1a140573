package dev.samlec.jaas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.service.ConfirmationMethods;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.security.auth.login.LoginException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every row of the option table parses to its typed value, with its default when unset (pure, no network). */
class LoginOptionsTest {
    static final Map<String, Object> CLIENT = Map.of("idpUrl", "https://idp.example.org/ecp",
            "checkServiceEntityId", "https://svc.example.org/samlec", "checkServiceName", "kafka@svc.example.org");
    static final Map<String, Object> SERVICE = Map.of("isInitiator", "false",
            "serviceEntityId", "https://svc.example.org/samlec", "serviceName", "kafka@svc.example.org",
            "idpEntityId", "https://idp.example.org", "idpSigningCertificate", "/etc/samlec/idp.pem");

    /** {@code base} with {@code keyValues} set; a null value removes the key. */
    static Map<String, Object> with(Map<String, Object> base, String... keyValues) {
        Map<String, Object> options = new LinkedHashMap<>(base);
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                options.remove(keyValues[i]);
            } else {
                options.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return options;
    }

    static InitiatorOptions client(String... keyValues) throws LoginException {
        return LoginOptions.parse(with(CLIENT, keyValues)).initiator().orElseThrow();
    }

    static AcceptorOptions service(String... keyValues) throws LoginException {
        return LoginOptions.parse(with(SERVICE, keyValues)).acceptor().orElseThrow();
    }

    static Stream<Arguments> initiatorRows() {
        return Stream.of(
                row("idpUrl", o -> o.idpUrl().orElseThrow(), URI.create("https://idp.example.org/ecp")),
                row("idpEntityId", o -> o.idpEntityId(), java.util.Optional.of("https://idp"),
                        "idpEntityId", "https://idp"),
                row("idpMetadata file", o -> o.idpMetadata().orElseThrow(),
                        new MetadataLocation.File(Path.of("/etc/samlec/idp.xml")), "idpUrl", null,
                        "idpMetadata", "/etc/samlec/idp.xml"),
                row("idpMetadata URL", o -> o.idpMetadata().orElseThrow(),
                        new MetadataLocation.Url(URI.create("https://idp.example.org/md")), "idpUrl", null,
                        "idpMetadata", "https://idp.example.org/md"),
                row("idpMetadataSigningCertificate default", o -> o.idpMetadataSigningCertificate().isPresent(),
                        false),
                row("idpMetadataSigningCertificate", o -> o.idpMetadataSigningCertificate().orElseThrow(),
                        Path.of("/fed.pem"), "idpUrl", null, "idpMetadata", "/md.xml",
                        "idpMetadataSigningCertificate", "/fed.pem"),
                row("idpTrustAnchors", o -> o.idpTrustAnchors().orElseThrow(), Path.of("/ca.pem"),
                        "idpTrustAnchors", "/ca.pem"),
                row("trustStore default type", o -> o.trustStore().orElseThrow().type(), "PKCS12",
                        "trustStore", "/ts.p12"),
                row("trustStore without password", o -> o.trustStore().orElseThrow().password().isPresent(), false,
                        "trustStore", "/ts.p12"),
                row("trustStorePassword", o -> new String(o.trustStore().orElseThrow().password().orElseThrow()
                        .copy()), "tspw", "trustStore", "/ts.jks", "trustStorePassword", "tspw"),
                row("trustStoreType", o -> o.trustStore().orElseThrow().type(), "JKS", "trustStore", "/ts.jks",
                        "trustStoreType", "JKS"),
                row("useSystemTrust default", InitiatorOptions::useSystemTrust, false),
                row("useSystemTrust", InitiatorOptions::useSystemTrust, true, "useSystemTrust", "true"),
                row("connectTimeout default", InitiatorOptions::connectTimeout, Duration.ofSeconds(10)),
                row("connectTimeout", InitiatorOptions::connectTimeout, Duration.ofSeconds(2),
                        "connectTimeout", "PT2S"),
                row("responseTimeout default", InitiatorOptions::responseTimeout, Duration.ofSeconds(30)),
                row("responseTimeout", InitiatorOptions::responseTimeout, Duration.ofMillis(1500),
                        "responseTimeout", "PT1.5S"),
                row("callTimeout default (each call's own)", InitiatorOptions::callTimeout, Optional.empty()),
                row("callTimeout", InitiatorOptions::callTimeout, Optional.of(Duration.ofSeconds(5)),
                        "callTimeout", "PT5S"),
                row("idpKeepAlive default", InitiatorOptions::idpKeepAlive, true),
                row("idpKeepAlive", InitiatorOptions::idpKeepAlive, false, "idpKeepAlive", "false"),
                row("keyStore", o -> o.keyStore().orElseThrow().path(), Path.of("/alice.p12"),
                        "keyStore", "/alice.p12", "keyStorePassword", "kspw"),
                row("keyStorePassword", o -> new String(o.keyStore().orElseThrow().password().orElseThrow().copy()),
                        "kspw", "keyStore", "/alice.p12", "keyStorePassword", "kspw"),
                row("keyStoreType", o -> o.keyStore().orElseThrow().type(), "JKS", "keyStore", "/a.jks",
                        "keyStorePassword", "kspw", "keyStoreType", "JKS"),
                row("keyAlias", o -> o.keyAlias().orElseThrow(), "alice", "keyStore", "/a.p12",
                        "keyStorePassword", "kspw", "keyAlias", "alice"),
                row("allowInsecureHttp default", InitiatorOptions::allowInsecureHttp, false),
                row("allowInsecureHttp", o -> o.idpUrl().orElseThrow().getScheme(), "http",
                        "allowInsecureHttp", "true", "idpUrl", "http://127.0.0.1:1/ecp"),
                row("sharing default", InitiatorOptions::sharing, PasswordSharing.NONE),
                row("useFirstPass", o -> o.sharing().useFirstPass(), true, "useFirstPass", "true"),
                row("tryFirstPass", o -> o.sharing().tryFirstPass(), true, "tryFirstPass", "true"),
                row("storePass", o -> o.sharing().storePass(), true, "storePass", "true"),
                row("clearPass", o -> o.sharing().clearPass(), true, "clearPass", "true"),
                row("checkCredentials default", o -> o.check().orElseThrow(),
                        new CheckService("https://svc.example.org/samlec", "kafka@svc.example.org")),
                row("checkCredentials=false", o -> o.check().isPresent(), false, "checkCredentials", "false",
                        "checkServiceEntityId", null, "checkServiceName", null),
                row("username", o -> o.configuredUser().orElseThrow(), "alice", "username", "alice",
                        "password", "alicepw"),
                row("password", o -> new String(o.configuredPassword().orElseThrow().copy()), "alicepw",
                        "username", "alice", "password", "alicepw"),
                row("no username", o -> o.configuredUser().isPresent(), false),
                row("isInitiator=true", o -> o.idpUrl().isPresent(), true, "isInitiator", "true"),
                row("debug is ignored", o -> o.idpUrl().isPresent(), true, "debug", "true"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("initiatorRows")
    void parseWhenInitiatorOptionSetThenTypedValue(String name, Function<InitiatorOptions, Object> read,
            Object expected, String[] keyValues) throws Exception {
        assertThat(read.apply(client(keyValues))).isEqualTo(expected);
    }

    static Stream<Arguments> acceptorRows() {
        return Stream.of(
                arow("serviceEntityId", AcceptorOptions::serviceEntityId, "https://svc.example.org/samlec"),
                arow("serviceName", AcceptorOptions::serviceName, "kafka@svc.example.org"),
                arow("idpEntityId", o -> o.idpEntityId().orElseThrow(), "https://idp.example.org"),
                arow("idpSigningCertificate", o -> o.idpSigningCertificate().orElseThrow(),
                        Path.of("/etc/samlec/idp.pem")),
                arow("idpMetadata file", o -> o.idpMetadata().orElseThrow(), new MetadataLocation.File(
                        Path.of("/md.xml")), "idpSigningCertificate", null, "idpMetadata", "/md.xml"),
                arow("idpMetadata http with allowInsecureHttp", o -> o.idpMetadata().orElseThrow(),
                        new MetadataLocation.Url(URI.create("http://127.0.0.1/md")), "idpSigningCertificate", null,
                        "idpMetadata", "http://127.0.0.1/md", "allowInsecureHttp", "true"),
                arow("idpMetadataSigningCertificate default", o -> o.idpMetadataSigningCertificate().isPresent(),
                        false),
                arow("idpMetadataSigningCertificate", o -> o.idpMetadataSigningCertificate().orElseThrow(),
                        Path.of("/fed.pem"), "idpSigningCertificate", null, "idpMetadata", "/md.xml",
                        "idpMetadataSigningCertificate", "/fed.pem"),
                arow("idpMetadata https with idpMetadataSigningCertificate", o -> o.idpMetadata().orElseThrow(),
                        new MetadataLocation.Url(URI.create("https://idp.example.org/md")), "idpSigningCertificate",
                        null, "idpMetadata", "https://idp.example.org/md", "idpMetadataSigningCertificate",
                        "/fed.pem"),
                arow("useSystemTrust default", AcceptorOptions::useSystemTrust, false),
                arow("useSystemTrust", AcceptorOptions::useSystemTrust, true, "idpSigningCertificate", null,
                        "idpMetadata", "https://idp.example.org/md", "useSystemTrust", "true"),
                arow("signingKey", o -> o.signing().orElseThrow(), new KeyFiles(Path.of("/s.key"), Path.of("/s.crt")),
                        "signingKey", "/s.key", "signingCertificate", "/s.crt"),
                arow("no signingKey", o -> o.signing().isPresent(), false),
                arow("decryptionKey", o -> o.decryption().orElseThrow(), new KeyFiles(Path.of("/d.key"),
                        Path.of("/d.crt")), "decryptionKey", "/d.key", "decryptionCertificate", "/d.crt"),
                arow("clockSkew default", AcceptorOptions::clockSkew, Duration.ofMinutes(3)),
                arow("clockSkew", AcceptorOptions::clockSkew, Duration.ZERO, "clockSkew", "PT0S"),
                arow("clockSkew maximum", AcceptorOptions::clockSkew, Duration.ofMinutes(10), "clockSkew", "PT10M"),
                arow("replayCacheSize default", AcceptorOptions::replayCacheSize, 1 << 20),
                arow("replayCacheSize", AcceptorOptions::replayCacheSize, 10, "replayCacheSize", "10"),
                arow("idpList default", AcceptorOptions::idpList, List.of()),
                arow("idpList", AcceptorOptions::idpList, List.of("https://a", "https://b"),
                        "idpList", "https://a, https://b"),
                arow("signEveryRequest default", AcceptorOptions::signEveryRequest, false),
                arow("signEveryRequest", AcceptorOptions::signEveryRequest, true, "signingKey", "/s.key",
                        "signingCertificate", "/s.crt", "signEveryRequest", "true"),
                arow("confirmationMethods default", AcceptorOptions::confirmationMethods,
                        ConfirmationMethods.BEARER),
                arow("confirmationMethods", AcceptorOptions::confirmationMethods, ConfirmationMethods.HOLDER_OF_KEY,
                        "confirmationMethods", "holder-of-key"),
                arow("confirmationMethods both", AcceptorOptions::confirmationMethods,
                        ConfirmationMethods.BEARER_OR_HOLDER_OF_KEY, "confirmationMethods", "bearer, holder-of-key"),
                arow("principalAttribute default", o -> o.principalAttribute().isPresent(), false),
                arow("principalAttribute", o -> o.principalAttribute().orElseThrow(), "uid",
                        "principalAttribute", "uid"),
                arow("federation filter default", o -> o.federationFilter().isAll(), true),
                arow("federationEntityIds", o -> o.federationFilter().entityIds(), java.util.Set.of("https://a",
                        "https://b"), "idpSigningCertificate", null, "idpEntityId", null, "idpMetadata", "/md.xml",
                        "federationEntityIds", "https://a, https://b"),
                arow("federationRegistrationAuthority", o -> o.federationFilter().registrationAuthorities(),
                        java.util.Set.of("https://incommon.org"), "idpSigningCertificate", null, "idpEntityId", null,
                        "idpMetadata", "/md.xml", "federationRegistrationAuthority", "https://incommon.org"),
                arow("federationEntityAttribute", o -> o.federationFilter().entityAttributes(),
                        List.of("http://macedir.org/entity-category=http://refeds.org/category/research-and-scholarship",
                                "urn:x=y"), "idpSigningCertificate", null, "idpEntityId", null,
                        "idpMetadata", "/md.xml", "federationEntityAttribute",
                        "http://macedir.org/entity-category=http://refeds.org/category/research-and-scholarship,urn:x=y"),
                arow("idpMdq default", o -> o.idpMdq().isPresent(), false),
                arow("idpMdq", o -> o.idpMdq().orElseThrow().toString(), "https://mdq.example.org/global",
                        "idpSigningCertificate", null, "idpEntityId", null, "idpMdq", "https://mdq.example.org/global",
                        "idpMetadataSigningCertificate", "/mdq.pem"),
                arow("idpMdq with federation filter", o -> o.federationFilter().entityIds(),
                        java.util.Set.of("https://a"), "idpSigningCertificate", null, "idpEntityId", null,
                        "idpMdq", "https://mdq.example.org", "idpMetadataSigningCertificate", "/mdq.pem",
                        "federationEntityIds", "https://a"),
                arow("metadataMaxBytes with idpMdq", o -> o.metadataMaxBytes().getAsInt(), 4096,
                        "idpSigningCertificate", null, "idpEntityId", null, "idpMdq", "https://mdq.example.org",
                        "idpMetadataSigningCertificate", "/mdq.pem", "metadataMaxBytes", "4096"),
                arow("metadataMaxBytes default", o -> o.metadataMaxBytes().isPresent(), false),
                arow("metadataMaxBytes", o -> o.metadataMaxBytes().getAsInt(), 1000, "idpSigningCertificate", null,
                        "idpEntityId", null, "idpMetadata", "/md.xml", "metadataMaxBytes", "1000"),
                arow("scopedAttributes default", AcceptorOptions::scopedAttributes,
                        dev.samlec.mech.service.ScopedAttributePolicy.DROP),
                arow("scopedAttributes", AcceptorOptions::scopedAttributes,
                        dev.samlec.mech.service.ScopedAttributePolicy.REFUSE, "scopedAttributes", "refuse"),
                arow("debug is ignored", AcceptorOptions::serviceName, "kafka@svc.example.org", "debug", "false"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptorRows")
    void parseWhenAcceptorOptionSetThenTypedValue(String name, Function<AcceptorOptions, Object> read,
            Object expected, String[] keyValues) throws Exception {
        assertThat(read.apply(service(keyValues))).isEqualTo(expected);
    }

    @Test
    void parseWhenOptionsValidThenExactlyOneSide() throws Exception {
        assertThat(LoginOptions.parse(CLIENT).acceptor()).isEmpty();
        assertThat(LoginOptions.parse(SERVICE).initiator()).isEmpty();
    }

    @Test
    void toStringWhenPasswordsSetThenRedacted() throws Exception {
        LoginOptions options = LoginOptions.parse(with(CLIENT, "keyStore", "/a.p12", "keyStorePassword", "s3cret!",
                "trustStore", "/t.p12", "trustStorePassword", "tr5st!"));

        assertThat(options.toString()).doesNotContain("s3cret!", "tr5st!").contains("[redacted]");
        assertThat(LoginOptions.parse(with(CLIENT, "username", "alice", "password", "pa55word!")).toString())
                .doesNotContain("pa55word!").contains("[redacted]");
    }

    @Test
    void parseWhenValueIsNotAStringThenProblem() {
        assertThatThrownBy(() -> LoginOptions.parse(with(Map.of("idpUrl", 42))))
                .hasMessageContaining("option idpUrl: must be a string, not a java.lang.Integer (value: 42)");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> with(Map<String, ?> map) {
        return new LinkedHashMap<>((Map<String, Object>) map);
    }

    private static <T> Arguments row(String name, Function<InitiatorOptions, T> read, Object expected,
            String... keyValues) {
        return Arguments.of(name, read, expected, keyValues);
    }

    private static <T> Arguments arow(String name, Function<AcceptorOptions, T> read, Object expected,
            String... keyValues) {
        return Arguments.of(name, read, expected, keyValues);
    }
}
