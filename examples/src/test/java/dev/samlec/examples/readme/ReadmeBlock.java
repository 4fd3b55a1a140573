package dev.samlec.examples.readme;

import java.util.List;

/**
 * One fenced code block of the README.
 *
 * @param number the block's position among all fenced blocks of the file, from 1
 * @param fenceLine the README line (from 1) of the opening fence
 * @param language the fence's info string ({@code java}, {@code sh}, ...; empty when none)
 * @param lines the block's content, without the fences
 * @param preamble the lines of the {@code <!-- java-preamble ... -->} comment just before the fence, else empty
 * @param preambleLine the README line of the preamble's first line (0 without a preamble)
 */
record ReadmeBlock(int number, int fenceLine, String language, List<String> lines, List<String> preamble,
        int preambleLine) {

    /** The README line of the block's first content line. */
    int firstLine() {
        return fenceLine + 1;
    }

    /** The content as one string, lines joined with {@code \n}. */
    String text() {
        return String.join("\n", lines);
    }

    /** Where the block is, for messages: {@code block 7 (```java at README.md line 120)}. */
    String where() {
        return "block " + number + " (```" + language + " at README.md line " + fenceLine + ")";
    }
}
