package dev.samlec.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A command's {@code --name value} options and its other arguments (filters). */
public final class Options {
    private final Map<String, String> named;
    private final List<String> positional;

    private Options(Map<String, String> named, List<String> positional) {
        this.named = named;
        this.positional = positional;
    }

    /** Parses {@code --name value} pairs; anything else is positional. */
    public static Options parse(List<String> args) {
        Map<String, String> named = new HashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith("--")) {
                if (i + 1 >= args.size()) {
                    throw new BadOptionException("option " + arg + " needs a value");
                }
                named.put(arg.substring(2), args.get(++i));
            } else {
                positional.add(arg);
            }
        }
        return new Options(named, positional);
    }

    /** An integer option, or {@code fallback}. */
    public int integer(String name, int fallback) {
        String value = named.get(name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new BadOptionException("option --" + name + ": expected an integer, got '" + value + "'", e);
        }
    }

    /** A comma-separated integer list option, or {@code fallback}. */
    public List<Integer> integers(String name, List<Integer> fallback) {
        String value = named.get(name);
        if (value == null) {
            return fallback;
        }
        List<Integer> values = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            try {
                values.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw new BadOptionException("option --" + name + ": expected integers like 1,4,16, got '"
                        + value + "'", e);
            }
        }
        return values;
    }

    /** A text option, or {@code fallback}. */
    public String text(String name, String fallback) {
        return named.getOrDefault(name, fallback);
    }

    /** The positional arguments. */
    public List<String> positional() {
        return positional;
    }
}
