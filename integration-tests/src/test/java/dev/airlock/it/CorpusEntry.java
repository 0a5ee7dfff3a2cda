package dev.airlock.it;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One line of security/bypass-corpus.tsv, with its fields unescaped. */
public record CorpusEntry(String id, String category, String input, String expected, String why) {
    private static final Pattern SQLSTATE = Pattern.compile("SQLSTATE ([0-9A-Z]{5})");
    private static final List<String> PROTOCOL_CATEGORIES = List.of("startup", "malformed", "auth", "ext_protocol");

    public static List<CorpusEntry> load() {
        List<CorpusEntry> entries = new ArrayList<>();
        String[] lines = TestProduction.resource("security/bypass-corpus.tsv").split("\n");
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] fields = lines[i].split("\t", -1);
            entries.add(new CorpusEntry(fields[0], fields[1], unescape(fields[2]), fields[3], unescape(fields[4])));
        }
        return entries;
    }

    private static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 1 < field.length()) {
                char next = field.charAt(++i);
                out.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    public boolean isProtocol() {
        return PROTOCOL_CATEGORIES.contains(category);
    }

    /** The SQLSTATE a reject entry names, or null ("(none: close)", "(answer N)"). */
    public String rejectState() {
        Matcher matcher = SQLSTATE.matcher(why.substring(why.lastIndexOf("Outcome:")));
        return matcher.find() ? matcher.group(1) : null;
    }

    @Override
    public String toString() {
        return id + " [" + category + "] " + (input.length() > 80 ? input.substring(0, 80) + "..." : input);
    }
}
