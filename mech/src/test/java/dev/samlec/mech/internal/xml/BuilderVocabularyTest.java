package dev.samlec.mech.internal.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import javax.xml.parsers.DocumentBuilder;
import net.shibboleth.utilities.java.support.xml.BasicParserPool;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The names {@link InfosetCheck} reports are all the names a Xerces builder keeps: random documents with new names
 * in every place a name can be, and every symbol in the builder's table is one of them, a prefix or local part of
 * one, or one of the five predefined entities' names. Reads the JDK's Xerces through reflection (the mech test JVM
 * opens {@code java.xml} for it); skipped where the JDK's parser is built differently.
 */
class BuilderVocabularyTest {
    private static final int PREDEFINED_ENTITIES = 5;

    @Test
    void checkWhenRandomDocumentsThenEverySymbolTheBuilderKeepsIsCounted() throws Exception {
        BasicParserPool pool = HardenedParserPool.create();
        Random random = new Random(20261203);
        RandomDocuments documents = new RandomDocuments(random);
        for (int builderRun = 0; builderRun < 50; builderRun++) {
            DocumentBuilder builder = pool.getBuilder();
            Set<String> reported = new HashSet<>();
            BuilderVocabulary vocabulary = new BuilderVocabulary();
            for (int parse = 0; parse < 20; parse++) {
                String xml = documents.next();
                Document document = builder.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
                InfosetCheck.check(document, 64, name -> {
                    reported.add(name);
                    vocabulary.seen(name);
                });
                assertThat(symbols(builder)).as("symbols kept after %s", xml)
                        .isLessThanOrEqualTo(withParts(reported).size() + PREDEFINED_ENTITIES);
                assertThat(vocabulary.names()).isEqualTo(reported.size());
                assertThat(vocabulary.chars()).isEqualTo(reported.stream().mapToLong(String::length).sum());
            }
        }
    }

    @Test
    void seenWhenOverTheLimitThenCountingStops() {
        BuilderVocabulary vocabulary = new BuilderVocabulary();
        for (int i = 0; i <= BuilderVocabulary.MAX_NAMES; i++) {
            vocabulary.seen("n" + i);
        }
        assertThat(vocabulary.withinLimits()).isFalse();
        vocabulary.seen("one more");
        assertThat(vocabulary.names()).isEqualTo(BuilderVocabulary.MAX_NAMES + 1);

        BuilderVocabulary longNames = new BuilderVocabulary();
        longNames.seen("x".repeat(BuilderVocabulary.MAX_CHARS));
        assertThat(longNames.withinLimits()).isTrue();
        longNames.seen("y");
        assertThat(longNames.withinLimits()).isFalse();
        longNames.seen("x".repeat(BuilderVocabulary.MAX_CHARS));
        assertThat(longNames.withinLimits()).isFalse();
    }

    /** Each qualified name with its prefix and local part, as Xerces keeps them. */
    private static Set<String> withParts(Set<String> names) {
        Set<String> parts = new HashSet<>(names);
        for (String name : names) {
            int colon = name.indexOf(':');
            if (colon > 0) {
                parts.add(name.substring(0, colon));
                parts.add(name.substring(colon + 1));
            }
        }
        return parts;
    }

    private static int symbols(DocumentBuilder pooled) {
        try {
            Object builder = field(pooled, "builder");
            Object table = field(field(field(builder, "domParser"), "fConfiguration"), "fSymbolTable");
            return (Integer) field(table, "fCount");
        } catch (ReflectiveOperationException | RuntimeException e) {
            assumeTrue(false, "this JDK's parser does not show its symbol table: " + e);
            return 0;
        }
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        for (Class<?> type = owner.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(owner);
            } catch (NoSuchFieldException next) {
                // declared higher up
            }
        }
        throw new NoSuchFieldException(name + " in " + owner.getClass().getName());
    }

    /** Well-formed documents with new names in every place: prolog, root, children, attributes, epilog. */
    private static final class RandomDocuments {
        private final Random random;
        private int serial;

        RandomDocuments(Random random) {
            this.random = random;
        }

        String next() {
            StringBuilder xml = new StringBuilder();
            if (random.nextInt(4) == 0) {
                xml.append("<?xml version='1.0' encoding='").append(random.nextBoolean() ? "UTF-8" : "US-ASCII")
                        .append("' standalone='yes'?>");
            }
            for (int i = random.nextInt(3); i > 0; i--) {
                xml.append("<?").append(name()).append(" data?>");
            }
            String prefix = name();
            xml.append('<').append(prefix).append(":r xmlns:").append(prefix).append("='urn:").append(name())
                    .append('\'');
            if (random.nextBoolean()) {
                xml.append(" xmlns='urn:").append(name()).append('\'');
            }
            for (int i = random.nextInt(4); i > 0; i--) {
                xml.append(" xmlns:").append(name()).append("='").append(name()).append('\'');
            }
            for (int i = random.nextInt(4); i > 0; i--) {
                xml.append(' ').append(name()).append("='&amp;&lt;&#65;'");
            }
            xml.append(random.nextBoolean() ? " xml:lang='en'>" : ">");
            for (int i = random.nextInt(6); i > 0; i--) {
                String childPrefix = name();
                String local = name();
                xml.append('<').append(childPrefix).append(':').append(local).append(" xmlns:").append(childPrefix)
                        .append("='").append(name()).append("' ").append(childPrefix).append(':').append(name())
                        .append("='v'>t&gt;&quot;&apos;<![CDATA[c]]><").append(name()).append("/></")
                        .append(childPrefix).append(':').append(local).append('>');
            }
            xml.append("</").append(prefix).append(":r>");
            if (random.nextInt(4) == 0) {
                xml.append("<?").append(name()).append("?>");
            }
            return xml.toString();
        }

        private String name() {
            return "n" + serial++ + "x".repeat(random.nextInt(30));
        }
    }
}
