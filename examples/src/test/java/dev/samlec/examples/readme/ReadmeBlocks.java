package dev.samlec.examples.readme;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Markdown file into its fenced code blocks ({@code ```lang} ... {@code ```}, unindented), each with the
 * {@code <!-- java-preamble ... -->} comment that ends on the line before its fence, if any.
 */
final class ReadmeBlocks {
    static final String PREAMBLE_START = "<!-- java-preamble";
    static final String PREAMBLE_END = "-->";

    private ReadmeBlocks() {
    }

    /** The blocks of {@code markdown}, in order. */
    static List<ReadmeBlock> parse(List<String> markdown) {
        List<ReadmeBlock> blocks = new ArrayList<>();
        int i = 0;
        while (i < markdown.size()) {
            String line = markdown.get(i);
            if (!line.startsWith("```")) {
                i++;
                continue;
            }
            int fence = i;
            String language = line.substring(3).trim();
            List<String> content = new ArrayList<>();
            i++;
            while (i < markdown.size() && !markdown.get(i).startsWith("```")) {
                content.add(markdown.get(i));
                i++;
            }
            if (i == markdown.size()) {
                throw new IllegalArgumentException("README.md line " + (fence + 1) + ": the ```" + language
                        + " block is never closed");
            }
            i++;
            int preambleStart = preambleStart(markdown, fence);
            List<String> preamble = preambleStart < 0 ? List.of()
                    : List.copyOf(markdown.subList(preambleStart + 1, fence - 1));
            blocks.add(new ReadmeBlock(blocks.size() + 1, fence + 1, language, List.copyOf(content), preamble,
                    preambleStart < 0 ? 0 : preambleStart + 2));
        }
        return blocks;
    }

    /** The index of the {@code <!-- java-preamble} line whose comment closes right before {@code fence}, or -1. */
    private static int preambleStart(List<String> markdown, int fence) {
        if (fence == 0 || !markdown.get(fence - 1).trim().equals(PREAMBLE_END)) {
            return -1;
        }
        for (int j = fence - 2; j >= 0; j--) {
            String line = markdown.get(j).trim();
            if (line.equals(PREAMBLE_START)) {
                return j;
            }
            if (line.startsWith("```") || line.contains("<!--") || line.contains(PREAMBLE_END)) {
                return -1;
            }
        }
        return -1;
    }
}
