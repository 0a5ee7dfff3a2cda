package dev.airlock.proxy.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document read into maps, lists and scalars that remember their line, so that every
 * configuration error can name the line it is about. Duplicate keys are refused.
 */
public sealed interface YamlNode {
    int line();

    /** The plain Java value: String/Integer/Long/Double/Boolean/null, List, or Map. */
    Object toPlain();

    record Scalar(Object value, int line) implements YamlNode {
        @Override
        public Object toPlain() {
            return value;
        }
    }

    record Sequence(List<YamlNode> items, int line) implements YamlNode {
        @Override
        public Object toPlain() {
            List<Object> plain = new ArrayList<>();
            items.forEach(item -> plain.add(item.toPlain()));
            return Collections.unmodifiableList(plain);
        }
    }

    record Mapping(Map<String, YamlNode> entries, int line) implements YamlNode {
        @Override
        public Object toPlain() {
            Map<String, Object> plain = new LinkedHashMap<>();
            entries.forEach((key, value) -> plain.put(key, value.toPlain()));
            return Collections.unmodifiableMap(plain);
        }
    }

    static YamlNode read(Reader source, String sourceName) {
        try (JsonParser parser = new YAMLFactory().createParser(source)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new Mapping(Map.of(), 1);
            }
            return readValue(parser, sourceName);
        } catch (IOException e) {
            throw new ConfigException(sourceName + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    private static YamlNode readValue(JsonParser parser, String sourceName) throws IOException {
        int line = parser.currentTokenLocation().getLineNr();
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, YamlNode> entries = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    int keyLine = parser.currentTokenLocation().getLineNr();
                    parser.nextToken();
                    if (entries.put(key, readValue(parser, sourceName)) != null) {
                        throw new ConfigException(sourceName + " line " + keyLine + ": key '" + key + "' appears twice");
                    }
                }
                return new Mapping(Collections.unmodifiableMap(entries), line);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readValue(parser, sourceName));
                }
                return new Sequence(List.copyOf(items), line);
            }
            case VALUE_STRING -> {
                return new Scalar(parser.getText(), line);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new Scalar(parser.getNumberValue(), line);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Scalar(parser.getBooleanValue(), line);
            }
            case VALUE_NULL -> {
                return new Scalar(null, line);
            }
            default -> throw new ConfigException(sourceName + " line " + line + ": unexpected YAML element " + token);
        }
    }
}
