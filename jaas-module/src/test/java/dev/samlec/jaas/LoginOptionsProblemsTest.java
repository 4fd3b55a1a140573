package dev.samlec.jaas;

import static dev.samlec.jaas.LoginOptionsTest.CLIENT;
import static dev.samlec.jaas.LoginOptionsTest.SERVICE;
import static dev.samlec.jaas.LoginOptionsTest.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import java.util.stream.Stream;
import javax.security.auth.login.LoginException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad value and every documented illegal combination is refused with {@code option <name>: ...}. */
class LoginOptionsProblemsTest {

    static Stream<Arguments> badValues() {
        return Stream.of(
                bad(CLIENT, "option isInitiator: must be true or false (value: yes)", "isInitiator", "yes"),
                bad(CLIENT, "option useFirstPass: must be true or false (value: TRUE)", "useFirstPass", "TRUE"),
                bad(CLIENT, "option debug: must be true or false (value: 1)", "debug", "1"),
                bad(CLIENT, "option idpUrl: must be an absolute https URL (value: ftp://idp/ecp)",
                        "idpUrl", "ftp://idp/ecp"),
                bad(CLIENT, "option idpUrl: must be an absolute https URL (value: /idp/ecp)", "idpUrl", "/idp/ecp"),
                bad(CLIENT, "option idpUrl: is not a valid URL", "idpUrl", "https://idp/ e c p"),
                bad(CLIENT, "option idpUrl: is plain http", "idpUrl", "http://idp.example.org/ecp"),
                bad(CLIENT, "option idpUrl: must not be empty (value:  )", "idpUrl", " "),
                bad(CLIENT, "option idpMetadata: is a plain http URL", "idpUrl", null,
                        "idpMetadata", "http://idp.example.org/md"),
                bad(CLIENT, "option idpMetadata: must be a file path or an http(s) URL (value: ftp://x/md)",
                        "idpUrl", null, "idpMetadata", "ftp://x/md"),
                bad(CLIENT, "option connectTimeout: must be an ISO-8601 duration such as PT10S or PT3M (value: 10)",
                        "connectTimeout", "10"),
                bad(CLIENT, "option connectTimeout: must be between PT0.001S and PT1H (value: PT0S)",
                        "connectTimeout", "PT0S"),
                bad(CLIENT, "option responseTimeout: must be between PT0.001S and PT1H (value: PT2H)",
                        "responseTimeout", "PT2H"),
                bad(CLIENT, "option responseTimeout: must be between", "responseTimeout", "-PT1S"),
                bad(CLIENT, "option callTimeout: must be an ISO-8601 duration such as PT10S or PT3M (value: 20)",
                        "callTimeout", "20"),
                bad(CLIENT, "option callTimeout: must be between PT0.001S and PT1H (value: PT0S)",
                        "callTimeout", "PT0S"),
                bad(SERVICE, "option clockSkew: must be between PT0S and PT10M (value: PT11M)", "clockSkew", "PT11M"),
                bad(SERVICE, "option replayCacheSize: must be a positive integer", "replayCacheSize", "0"),
                bad(SERVICE, "option replayCacheSize: must be a positive integer (at most 16777216) (value: many)",
                        "replayCacheSize", "many"),
                bad(SERVICE, "option idpList: must be a comma-separated list without empty entries (value: a,,b)",
                        "idpList", "a,,b"),
                bad(SERVICE, "option idpMetadata: is a plain http URL", "idpSigningCertificate", null,
                        "idpEntityId", null, "idpMetadata", "http://idp.example.org/md"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badValues")
    void parseWhenValueIsBadThenOptionProblem(Map<String, Object> options, String expected) {
        assertThatThrownBy(() -> LoginOptions.parse(options)).isInstanceOf(LoginException.class)
                .hasMessageContaining(expected);
    }

    static Stream<Arguments> illegalCombinations() {
        return Stream.of(
                bad(CLIENT, "option serviceName: applies only to the acceptor (isInitiator=false) (value: x@y)",
                        "serviceName", "x@y"),
                bad(SERVICE, "option idpUrl: applies only to the initiator (isInitiator=true)",
                        "idpUrl", "https://idp/ecp"),
                bad(SERVICE, "option keyStorePassword: applies only to the initiator (isInitiator=true) (value:"
                        + " [redacted])", "keyStorePassword", "hunter2"),
                bad(CLIENT, "option idpUrl: is required (or idpMetadata)", "idpUrl", null),
                bad(CLIENT, "option idpMetadata: cannot be combined with idpUrl", "idpMetadata", "/md.xml"),
                bad(CLIENT, "option trustStore: cannot be combined with idpTrustAnchors",
                        "idpTrustAnchors", "/ca.pem", "trustStore", "/ts.p12"),
                bad(CLIENT, "option trustStorePassword: is only meaningful with trustStore (value: [redacted])",
                        "trustStorePassword", "hunter2"),
                bad(CLIENT, "option trustStoreType: is only meaningful with trustStore (value: JKS)",
                        "trustStoreType", "JKS"),
                bad(CLIENT, "option keyStorePassword: is only meaningful with keyStore", "keyStorePassword", "pw"),
                bad(CLIENT, "option keyStoreType: is only meaningful with keyStore", "keyStoreType", "JKS"),
                bad(CLIENT, "option keyAlias: is only meaningful with keyStore", "keyAlias", "alice"),
                bad(CLIENT, "option keyStorePassword: is required with keyStore (it opens the store and the key)"
                        + " (value: none)", "keyStore", "/a.p12"),
                bad(CLIENT, "option useFirstPass: cannot be used with keyStore", "keyStore", "/a.p12",
                        "keyStorePassword", "pw", "useFirstPass", "true"),
                bad(CLIENT, "option tryFirstPass: cannot be used with keyStore", "keyStore", "/a.p12",
                        "keyStorePassword", "pw", "tryFirstPass", "true"),
                bad(CLIENT, "option storePass: cannot be used with keyStore", "keyStore", "/a.p12",
                        "keyStorePassword", "pw", "storePass", "true"),
                bad(CLIENT, "option clearPass: cannot be used with keyStore", "keyStore", "/a.p12",
                        "keyStorePassword", "pw", "clearPass", "true"),
                bad(CLIENT, "option keyStore: needs an https idpUrl", "keyStore", "/a.p12", "keyStorePassword", "pw",
                        "idpUrl", "http://127.0.0.1/ecp", "allowInsecureHttp", "true"),
                bad(CLIENT, "option tryFirstPass: cannot be combined with useFirstPass=true",
                        "useFirstPass", "true", "tryFirstPass", "true"),
                bad(CLIENT, "option checkServiceEntityId: is required unless checkCredentials=false",
                        "checkServiceEntityId", null),
                bad(CLIENT, "option checkServiceName: is required unless checkCredentials=false",
                        "checkServiceName", null),
                bad(CLIENT, "option checkServiceName: has no effect with checkCredentials=false",
                        "checkCredentials", "false", "checkServiceEntityId", null),
                bad(CLIENT, "option checkServiceEntityId: has no effect with checkCredentials=false",
                        "checkCredentials", "false", "checkServiceName", null),
                bad(CLIENT, "option useSystemTrust: cannot be combined with idpTrustAnchors", "useSystemTrust", "true",
                        "idpTrustAnchors", "/ca.pem"),
                bad(CLIENT, "option useSystemTrust: cannot be combined with trustStore", "useSystemTrust", "true",
                        "trustStore", "/ts.p12"),
                bad(CLIENT, "option useSystemTrust: must be true or false (value: yes)", "useSystemTrust", "yes"),
                bad(CLIENT, "option password: is required with username", "username", "alice"),
                bad(CLIENT, "option username: is required with password: configured credentials need both the user name and the"
                        + " password (value: none)", "password", "pw"),
                bad(CLIENT, "option keyStore: cannot be combined with username", "username", "alice",
                        "password", "pw", "keyStore", "/a.p12", "keyStorePassword", "pw", "idpUrl", "https://idp/e"),
                bad(CLIENT, "option useFirstPass: cannot be combined with username", "username", "alice",
                        "password", "pw", "useFirstPass", "true"),
                bad(CLIENT, "option tryFirstPass: cannot be combined with username", "username", "alice",
                        "password", "pw", "tryFirstPass", "true"),
                bad(CLIENT, "option storePass: cannot be combined with username", "username", "alice",
                        "password", "pw", "storePass", "true"),
                bad(SERVICE, "option password: applies only to the initiator (isInitiator=true) (value: [redacted])",
                        "password", "pw"),
                bad(CLIENT, "option principalAttribute: applies only to the acceptor", "principalAttribute", "uid"),
                bad(SERVICE, "option serviceEntityId: is required for the acceptor", "serviceEntityId", null),
                bad(SERVICE, "option serviceName: is required for the acceptor", "serviceName", null),
                bad(SERVICE, "option idpMetadata: is required (or idpMdq, or idpEntityId with idpSigningCertificate)",
                        "idpSigningCertificate", null),
                bad(CLIENT, "option idpMetadataSigningCertificate: is only meaningful with idpMetadata",
                        "idpMetadataSigningCertificate", "/fed.pem"),
                bad(SERVICE, "option idpMetadataSigningCertificate: is only meaningful with idpMetadata",
                        "idpMetadataSigningCertificate", "/fed.pem"),
                bad(SERVICE, "option idpMetadata: is an https URL, and its keys decide whose logins are accepted: set"
                        + " idpMetadataSigningCertificate", "idpSigningCertificate", null, "idpEntityId", null,
                        "idpMetadata", "https://idp.example.org/md"),
                bad(SERVICE, "option signEveryRequest: needs signingKey and signingCertificate", "signEveryRequest",
                        "true"),
                bad(SERVICE, "option confirmationMethods: must be bearer, holder-of-key, or bearer,holder-of-key",
                        "confirmationMethods", "sender-vouches"),
                bad(SERVICE, "option idpSigningCertificate: cannot be combined with idpMetadata",
                        "idpMetadata", "/md.xml"),
                bad(SERVICE, "option idpEntityId: is required with idpSigningCertificate", "idpEntityId", null),
                bad(SERVICE, "option federationEntityIds: chooses IdPs of an idpMetadata aggregate or an idpMdq"
                        + " service: it needs one of them and no idpEntityId", "federationEntityIds", "https://a"),
                bad(SERVICE, "option federationEntityIds: chooses IdPs of an idpMetadata aggregate or an idpMdq",
                        "idpSigningCertificate", null, "idpMdq", "https://mdq.example.org",
                        "idpMetadataSigningCertificate", "/mdq.pem", "federationEntityIds", "https://a"),
                bad(CLIENT, "option idpMetadataMaxValidity: is only meaningful with idpMetadataSigningCertificate",
                        "idpMetadataMaxValidity", "P30D"),
                bad(SERVICE, "option idpMetadataMaxValidity: must be an ISO-8601 duration such as P14D or PT36H, or"
                        + " none", "idpSigningCertificate", null, "idpEntityId", null, "idpMdq",
                        "https://mdq.example.org", "idpMetadataSigningCertificate", "/mdq.pem",
                        "idpMetadataMaxValidity", "14 days"),
                bad(SERVICE, "option idpMetadataMaxValidity: must be an ISO-8601 duration", "idpSigningCertificate",
                        null, "idpEntityId", null, "idpMdq", "https://mdq.example.org",
                        "idpMetadataSigningCertificate", "/mdq.pem", "idpMetadataMaxValidity", "-P1D"),
                bad(SERVICE, "option idpMetadataSigningCertificate: is required with idpMdq: its answers are"
                        + " trusted only by their signature", "idpSigningCertificate", null, "idpEntityId", null,
                        "idpMdq", "https://mdq.example.org"),
                bad(SERVICE, "option idpMdq: cannot be combined with idpMetadata; trust the IdPs by metadata, by an"
                        + " MDQ service or by certificate", "idpSigningCertificate", null, "idpEntityId", null,
                        "idpMetadata", "/md.xml", "idpMdq", "https://mdq.example.org"),
                bad(SERVICE, "option idpSigningCertificate: cannot be combined with idpMdq", "idpMdq",
                        "https://mdq.example.org", "idpMetadataSigningCertificate", "/mdq.pem"),
                bad(SERVICE, "option idpMdq: must not hold a user name or password (user:password@): URLs are"
                        + " logged and shown in messages; credentials have options of their own (value: [redacted])",
                        "idpSigningCertificate", null, "idpEntityId", null,
                        "idpMdq", "https://user:s3cret@mdq.example.org", "idpMetadataSigningCertificate", "/mdq.pem"),
                bad(CLIENT, "option idpUrl: must not hold a user name or password (user:password@)", "idpUrl",
                        "https://alice:pw@idp.example.org/ecp"),
                bad(SERVICE, "option metadataMaxBytes: caps one idpMdq answer (one IdP, read by up to 8 lookups at"
                        + " once): at most 16777216 bytes", "idpSigningCertificate", null, "idpEntityId", null,
                        "idpMdq", "https://mdq.example.org", "idpMetadataSigningCertificate", "/mdq.pem",
                        "metadataMaxBytes", "2147483647"),
                bad(SERVICE, "option useSystemTrust: has no effect with idpMdq", "idpSigningCertificate", null,
                        "idpEntityId", null, "idpMdq", "https://mdq.example.org", "idpMetadataSigningCertificate",
                        "/mdq.pem", "useSystemTrust", "true"),
                bad(SERVICE, "option idpMdq: is plain http", "idpSigningCertificate", null, "idpEntityId", null,
                        "idpMdq", "http://mdq.example.org", "idpMetadataSigningCertificate", "/mdq.pem"),
                bad(SERVICE, "option idpMetadataRefresh: keeps an idpMetadata aggregate fresh: it needs idpMetadata"
                        + " and no idpEntityId (idpMdq answers are asked for again by themselves",
                        "idpSigningCertificate", null, "idpEntityId", null, "idpMdq", "https://mdq.example.org",
                        "idpMetadataSigningCertificate", "/mdq.pem", "idpMetadataRefresh", "true"),
                bad(SERVICE, "option federationRegistrationAuthority: chooses IdPs of an idpMetadata aggregate or an",
                        "idpSigningCertificate", null, "idpMetadata", "/md.xml",
                        "federationRegistrationAuthority", "https://incommon.org"),
                bad(SERVICE, "option federationEntityAttribute: each entry must be name=value",
                        "idpSigningCertificate", null, "idpEntityId", null, "idpMetadata", "/md.xml",
                        "federationEntityAttribute", "no-equals-sign"),
                bad(SERVICE, "option metadataMaxBytes: is only meaningful with idpMetadata", "metadataMaxBytes",
                        "1000"),
                bad(SERVICE, "option metadataMaxBytes: must be a positive integer", "idpSigningCertificate", null,
                        "idpEntityId", null, "idpMetadata", "/md.xml", "metadataMaxBytes", "0"),
                bad(SERVICE, "option scopedAttributes: must be drop or refuse", "scopedAttributes", "ignore"),
                bad(CLIENT, "option scopedAttributes: applies only to the acceptor", "scopedAttributes", "drop"),
                bad(SERVICE, "option signingCertificate: is required with signingKey", "signingKey", "/s.key"),
                bad(SERVICE, "option signingKey: is required with signingCertificate", "signingCertificate", "/s.crt"),
                bad(SERVICE, "option decryptionCertificate: is required with decryptionKey", "decryptionKey", "/d.k"),
                bad(SERVICE, "option decryptionKey: is required with decryptionCertificate",
                        "decryptionCertificate", "/d.crt"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("illegalCombinations")
    void parseWhenCombinationIsIllegalThenOptionProblem(Map<String, Object> options, String expected) {
        assertThatThrownBy(() -> LoginOptions.parse(options)).isInstanceOf(LoginException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void parseWhenOptionUnknownThenProblemWithSuggestionAndRedactedValue() {
        LoginException e = catchThrowableOfType(LoginException.class,
                () -> LoginOptions.parse(with(CLIENT, "keyStorePasword", "hunter2")));

        assertThat(e).hasMessage("option keyStorePasword: is not a samlec option; did you mean keyStorePassword?"
                + " (value: [redacted])");
    }

    @Test
    void parseWhenUnknownOptionIsNothingLikeAKnownOneThenNoSuggestion() {
        assertThatThrownBy(() -> LoginOptions.parse(with(CLIENT, "principal", "alice")))
                .hasMessage("option principal: is not a samlec option (value: [redacted])");
    }

    @Test
    void parseWhenSeveralProblemsThenAllReportedInOneException() {
        LoginException e = catchThrowableOfType(LoginException.class,
                () -> LoginOptions.parse(with(CLIENT, "idpUrl", null, "connectTimeout", "ten", "clearPass", "maybe")));

        assertThat(e.getMessage().split("; ")).hasSize(3);
        assertThat(e.getMessage()).contains("option connectTimeout:", "option clearPass:", "option idpUrl:");
    }

    @Test
    void parseWhenPasswordsAreInBadOptionsThenNeverInMessage() {
        LoginException e = catchThrowableOfType(LoginException.class,
                () -> LoginOptions.parse(with(SERVICE, "keyStorePassword", "hunter2", "trustStorePassword", "hunter3",
                        "keyStorePasswd", "hunter4")));

        assertThat(e.getMessage()).doesNotContain("hunter");
    }

    @Test
    void parseWhenOptionsEmptyThenInitiatorMissingIdpAndService() {
        assertThatThrownBy(() -> LoginOptions.parse(Map.of())).hasMessageContaining("option idpUrl: is required")
                .hasMessageContaining("option checkServiceName: is required");
    }

    private static Arguments bad(Map<String, Object> base, String expected, String... keyValues) {
        return Arguments.of(with(base, keyValues), expected);
    }
}
