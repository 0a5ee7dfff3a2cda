package dev.airlock.approver.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML text into {@link YamlNode}s through Jackson's streaming parser, taking each node's
 * line from the parser's {@link JsonLocation}. Duplicate keys are refused here (YAML leaves them
 * undefined; a policy where the second {@code when:} silently wins is a trap).
 */
final class YamlTree {
    private static final YAMLFactory YAML = YAMLFactory.builder().build();

    private YamlTree() {
    }

    static YamlNode read(String file, String text) throws InvalidPolicyException {
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new InvalidPolicyException(file, 1, "the policy file is empty");
            }
            YamlNode root = node(file, parser);
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            int line = where == null ? 1 : Math.max(1, where.getLineNr());
            throw new InvalidPolicyException(file, line, "not valid YAML: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidPolicyException(file, 1, "cannot read YAML: " + e.getMessage());
        }
    }

    private static YamlNode node(String file, JsonParser parser) throws IOException, InvalidPolicyException {
        int line = parser.currentTokenLocation().getLineNr();
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, YamlNode> values = new LinkedHashMap<>();
                Map<String, Integer> keyLines = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    int keyLine = parser.currentTokenLocation().getLineNr();
                    if (values.containsKey(key)) {
                        throw new InvalidPolicyException(file, keyLine,
                                "duplicate key '" + key + "' (first at line " + keyLines.get(key) + ")");
                    }
                    parser.nextToken();
                    keyLines.put(key, keyLine);
                    values.put(key, node(file, parser));
                }
                return new YamlNode.Mapping(Collections.unmodifiableMap(values),
                        Collections.unmodifiableMap(keyLines), line);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(file, parser));
                }
                return new YamlNode.Sequence(List.copyOf(items), line);
            }
            case VALUE_NULL -> {
                return new YamlNode.Scalar(null, line);
            }
            default -> {
                return new YamlNode.Scalar(parser.getText(), line);
            }
        }
    }

    /** SnakeYAML's message without its quoted source lines and position lines, on one line. */
    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        List<String> parts = message.lines().filter(part -> !part.isBlank() && !Character.isWhitespace(part.charAt(0)))
                .toList();
        return parts.isEmpty() ? message.strip() : String.join("; ", parts);
    }
}
