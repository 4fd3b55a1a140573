package dev.samlec.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Parses curl's {@code -H 'Name: value'} arguments. */
final class ExtraHeaders {
    private ExtraHeaders() {
    }

    /**
     * The headers, in order.
     *
     * @throws UsageException for an argument without a colon or with an empty name
     */
    static List<Map.Entry<String, String>> parse(List<String> arguments) throws UsageException {
        List<Map.Entry<String, String>> result = new ArrayList<>();
        for (String argument : arguments) {
            int colon = argument.indexOf(':');
            String name = colon < 0 ? "" : argument.substring(0, colon).strip();
            if (name.isEmpty()) {
                throw new UsageException("option -H/--header: must be 'Name: value' (value: " + argument + ")");
            }
            result.add(Map.entry(name, argument.substring(colon + 1).strip()));
        }
        return result;
    }
}
