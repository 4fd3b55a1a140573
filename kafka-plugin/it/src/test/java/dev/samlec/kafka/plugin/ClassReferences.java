package dev.samlec.kafka.plugin;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The classes and methods a class file refers to, read from its constant pool (JVMS 4.4): enough to check that
 * code compiled against one version of a library only uses what another version has.
 */
final class ClassReferences {
    /** A method a class calls: its owner's internal name, its name and its descriptor. */
    record MethodRef(String owner, String name, String descriptor) {
    }

    final List<String> classes = new ArrayList<>();
    final List<MethodRef> methods = new ArrayList<>();

    private ClassReferences() {
    }

    static ClassReferences read(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] first = new int[count];
        int[] second = new int[count];
        int[] tag = new int[count];
        for (int i = 1; i < count; i++) {
            tag[i] = in.readUnsignedByte();
            switch (tag[i]) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 7, 8, 16, 19, 20 -> first[i] = in.readUnsignedShort();
                case 9, 10, 11, 12, 17, 18 -> {
                    first[i] = in.readUnsignedShort();
                    second[i] = in.readUnsignedShort();
                }
                case 15 -> {
                    in.readUnsignedByte();
                    first[i] = in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag[i]);
            }
        }
        ClassReferences refs = new ClassReferences();
        for (int i = 1; i < count; i++) {
            if (tag[i] == 7) {
                refs.classes.add(utf8[first[i]]);
            } else if (tag[i] == 10 || tag[i] == 11) {
                int nameAndType = second[i];
                refs.methods.add(new MethodRef(utf8[first[first[i]]], utf8[first[nameAndType]],
                        utf8[second[nameAndType]]));
            }
        }
        return refs;
    }
}
