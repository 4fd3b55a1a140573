package dev.samlec.bench.load;

import dev.samlec.bench.BadOptionException;
import dev.samlec.bench.Options;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A load option that picks one or both of two modes, in the order given ({@code --idp-keep-alive on,off}): each mode
 * asked for gets its own rows in one process, so they compare. {@code true} stands for the first mode.
 *
 * @param option the option's name without {@code --}
 * @param yes the first mode's name ({@code true})
 * @param no the second mode's name ({@code false})
 * @param fallback the value when the option is not given
 * @param labelPrefix what the row label puts before the mode's name
 * @param repeatable whether a mode may be named again (alternated rows: {@code on,off,on,off})
 */
record BinaryModes(String option, String yes, String no, String fallback, String labelPrefix, boolean repeatable) {

    /** The modes asked for, in order. */
    List<Boolean> of(Options options) {
        List<Boolean> modes = new ArrayList<>();
        for (String part : options.text(option, fallback).split(",")) {
            String mode = part.strip().toLowerCase(Locale.ROOT);
            if (!mode.equals(yes) && !mode.equals(no)) {
                throw new BadOptionException("--" + option + " takes " + yes + ", " + no + " or both; was " + part);
            }
            if (!repeatable && modes.contains(mode.equals(yes))) {
                throw new BadOptionException("--" + option + " names " + mode + " twice");
            }
            modes.add(mode.equals(yes));
        }
        return modes;
    }

    /** The row label part for {@code mode}. */
    String label(boolean mode) {
        return labelPrefix + (mode ? yes : no);
    }
}
