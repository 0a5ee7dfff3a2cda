package dev.airlock.approver.policy;

import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers lines. Jackson's own tree forgets where a value came
 * from; a policy error has to say which line to fix, so {@link YamlTree} builds this one instead.
 */
sealed interface YamlNode {
    /** One-based line where the node starts. */
    int line();

    /** A scalar; {@code text} is {@code null} for an empty value or {@code null}. */
    record Scalar(String text, int line) implements YamlNode {
    }

    record Sequence(List<YamlNode> items, int line) implements YamlNode {
    }

    /** A mapping in file order; {@code keyLines} gives each key's line. */
    record Mapping(Map<String, YamlNode> values, Map<String, Integer> keyLines, int line) implements YamlNode {
    }

    static String describe(YamlNode node) {
        if (node instanceof Scalar) {
            return "a scalar";
        }
        return node instanceof Sequence ? "a list" : "a mapping";
    }
}
