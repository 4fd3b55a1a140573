package dev.samlec.mech.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.message.EcpRequestHeader;
import dev.samlec.mech.message.IdpEntry;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdpSelectorTest {
    private static final EcpRequestHeader WITH_LIST = new EcpRequestHeader("https://sp.example/sp", Optional.empty(),
            Optional.empty(), List.of(IdpEntry.of("https://idp-b.example/idp")), Optional.empty());

    private static IdpEndpoint idp(String entityId, String url) throws Exception {
        return IdpEndpoint.builder(entityId, URI.create(url)).useSystemTrust().build();
    }

    @Test
    void chooseWhenListNamesSecondIdpThenSecond() throws Exception {
        IdpEndpoint a = idp("https://idp-a.example/idp", "https://idp-a.example/ecp");
        IdpEndpoint b = idp("https://idp-b.example/idp", "https://idp-b.example/ecp");
        assertThat(new IdpSelector(List.of(a, b)).choose(WITH_LIST)).isSameAs(b);
    }

    @Test
    void chooseWhenNoConfiguredIdpInListThenNoAcceptableIdp() throws Exception {
        IdpEndpoint a = idp("https://idp-a.example/idp", "https://idp-a.example/ecp");
        assertThatThrownBy(() -> new IdpSelector(List.of(a)).choose(WITH_LIST))
                .isInstanceOfSatisfying(EcpException.class, e -> assertThat(e.error())
                        .isEqualTo(EcpError.NO_ACCEPTABLE_IDP));
    }

    @Test
    void chooseWhenSoleIdpConfiguredByUrlOnlyThenUsedDespiteList() throws Exception {
        IdpEndpoint byUrl = IdpEndpoint.builder(URI.create("https://idp-a.example/ecp")).useSystemTrust().build();
        assertThat(byUrl.entityIdKnown()).isFalse();
        assertThat(new IdpSelector(List.of(byUrl)).choose(WITH_LIST)).isSameAs(byUrl);
    }

    @Test
    void chooseWhenUrlOnlyIdpIsOneOfSeveralThenListStillFilters() throws Exception {
        IdpEndpoint byUrl = IdpEndpoint.builder(URI.create("https://idp-a.example/ecp")).useSystemTrust().build();
        IdpEndpoint b = idp("https://idp-b.example/idp", "https://idp-b.example/ecp");
        assertThat(new IdpSelector(List.of(byUrl, b)).choose(WITH_LIST)).isSameAs(b);
    }
}
