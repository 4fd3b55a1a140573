package dev.samlec.mech.internal.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** Builders kept for reuse keep every hardening setting, whatever the parse before them did. */
class CheckedParserPoolReuseTest {
    private static final byte[] DOCTYPE = "<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>".getBytes(StandardCharsets.UTF_8);
    private static final byte[] COMMENTED = "<a><!--x-->b<!--y-->c</a>".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BROKEN = "<a><b></a>".getBytes(StandardCharsets.UTF_8);

    @Test
    void parseWhenBuildersReusedAcrossThreadsThenEveryParseHardened() throws Exception {
        SecureXmlParser parser = SecureXmlParser.withDefaultLimit();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                runs.add(threads.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        checkHardened(parser);
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static void checkHardened(SecureXmlParser parser) throws EcpException {
        assertThatThrownBy(() -> parser.parse(DOCTYPE, "test")).isInstanceOfSatisfying(EcpException.class,
                e -> assertThat(e.error()).isEqualTo(EcpError.DTD_FORBIDDEN));
        assertThatThrownBy(() -> parser.parse(BROKEN, "test")).isInstanceOfSatisfying(EcpException.class,
                e -> assertThat(e.error()).isEqualTo(EcpError.MALFORMED_XML));
        Element root = parser.parse(COMMENTED, "test").getDocumentElement();
        // Comments dropped and the text coalesced (attacks.md C14N-1), also on a builder that just failed.
        assertThat(root.getChildNodes().getLength()).isEqualTo(1);
        assertThat(root.getFirstChild().getNodeValue()).isEqualTo("bc");
    }
}
