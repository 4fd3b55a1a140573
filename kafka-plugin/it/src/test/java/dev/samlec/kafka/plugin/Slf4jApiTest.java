package dev.samlec.kafka.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The plugin dir leaves slf4j-api to Kafka (1.7.36), while samlec is built with slf4j 2: every jar in the dir may
 * use only classes and methods that Kafka's slf4j-api has (no fluent {@code atInfo()} API, no
 * {@code org.slf4j.spi.LoggingEventBuilder}).
 */
class Slf4jApiTest {

    @Test
    void pluginJarsWhenReferringToSlf4jThenOnlyWhatKafkasSlf4jApiHas() throws Exception {
        Path kafkaSlf4j = Arrays.stream(Files.readString(PluginBuild.kafkaLibsClasspath()).strip()
                .split(File.pathSeparator)).map(Path::of)
                .filter(p -> p.getFileName().toString().startsWith("slf4j-api-")).findFirst().orElseThrow();
        List<String> missing = new ArrayList<>();
        int checked = 0;
        try (URLClassLoader slf4j = new URLClassLoader(new URL[] {kafkaSlf4j.toUri().toURL()},
                ClassLoader.getPlatformClassLoader()); Stream<Path> jars = Files.list(PluginBuild.pluginDir())) {
            for (Path jar : jars.toList()) {
                for (ClassReferences refs : classesOf(jar)) {
                    for (String type : refs.classes) {
                        if (type.startsWith("org/slf4j/") && !exists(slf4j, type)) {
                            missing.add(jar.getFileName() + ": class " + type);
                        }
                    }
                    for (ClassReferences.MethodRef m : refs.methods) {
                        if (m.owner().startsWith("org/slf4j/")) {
                            checked++;
                            if (!hasMethod(slf4j, m)) {
                                missing.add(jar.getFileName() + ": " + m.owner() + "." + m.name() + m.descriptor());
                            }
                        }
                    }
                }
            }
        }
        assertThat(checked).as("slf4j calls checked").isPositive();
        assertThat(missing).as("not in Kafka's " + kafkaSlf4j.getFileName()).isEmpty();
    }

    private static List<ClassReferences> classesOf(Path jar) throws IOException {
        List<ClassReferences> result = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/")) {
                    try (InputStream in = file.getInputStream(entry)) {
                        result.add(ClassReferences.read(in.readAllBytes()));
                    }
                }
            }
        }
        return result;
    }

    private static boolean exists(ClassLoader loader, String internalName) {
        String name = internalName.startsWith("[") ? null : internalName.replace('/', '.');
        if (name == null) {
            return true;
        }
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static boolean hasMethod(ClassLoader loader, ClassReferences.MethodRef ref) {
        Class<?> owner;
        try {
            owner = Class.forName(ref.owner().replace('/', '.'), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        if (ref.name().equals("<init>")) {
            return Arrays.stream(owner.getDeclaredConstructors())
                    .anyMatch(c -> descriptor(c.getParameterTypes(), void.class).equals(ref.descriptor()));
        }
        for (Class<?> type = owner; type != null; type = type.getSuperclass()) {
            if (declares(type, ref)) {
                return true;
            }
        }
        return interfaces(owner).stream().anyMatch(i -> declares(i, ref));
    }

    private static boolean declares(Class<?> type, ClassReferences.MethodRef ref) {
        for (Method m : type.getDeclaredMethods()) {
            if (m.getName().equals(ref.name())
                    && descriptor(m.getParameterTypes(), m.getReturnType()).equals(ref.descriptor())) {
                return true;
            }
        }
        return false;
    }

    private static List<Class<?>> interfaces(Class<?> type) {
        List<Class<?>> all = new ArrayList<>();
        for (Class<?> t = type; t != null; t = t.getSuperclass()) {
            for (Class<?> i : t.getInterfaces()) {
                all.add(i);
                all.addAll(interfaces(i));
            }
        }
        return all;
    }

    private static String descriptor(Class<?>[] parameters, Class<?> result) {
        StringBuilder d = new StringBuilder("(");
        for (Class<?> p : parameters) {
            d.append(p.descriptorString());
        }
        return d.append(")").append(result.descriptorString()).toString();
    }
}
