package dev.airlock.approver.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.sandbox.catalog.CatalogSnapshot;
import dev.airlock.sandbox.diff.SchemaDiff;
import dev.airlock.sandbox.json.CanonicalJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * DESIGN §1.4 after replay: production's actual schema diff (snapshot before the replay against
 * snapshot after) compared, object by object, with the diff the sandbox predicted. A difference
 * does not undo anything (the change is applied); it is flagged on the change for a human.
 */
final class PostApplyCheck {
    record Verdict(boolean matched, String text) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private PostApplyCheck() {
    }

    static Verdict compare(String effectJson, CatalogSnapshot before, CatalogSnapshot after) {
        try {
            Map<String, JsonNode> predicted = byObject(JSON.readTree(effectJson).path("schemaChanges"));
            Map<String, JsonNode> actual = byObject(JSON.readTree(CanonicalJson.write(SchemaDiff.between(before, after))));
            List<String> differences = new ArrayList<>();
            predicted.forEach((key, change) -> {
                JsonNode seen = actual.get(key);
                if (seen == null) {
                    differences.add("predicted but not on production: " + key);
                } else if (!seen.equals(change)) {
                    differences.add("on production, but not as predicted: " + key);
                }
            });
            actual.keySet().stream().filter(key -> !predicted.containsKey(key))
                    .forEach(key -> differences.add("on production, not predicted: " + key));
            if (differences.isEmpty()) {
                return new Verdict(true, "production's schema diff equals the predicted one (" + actual.size()
                        + " object" + (actual.size() == 1 ? "" : "s") + ")");
            }
            return new Verdict(false, String.join("\n", differences));
        } catch (JsonProcessingException e) {
            return new Verdict(false, "cannot compare: " + e.getMessage());
        }
    }

    private static Map<String, JsonNode> byObject(JsonNode changes) {
        Map<String, JsonNode> byObject = new LinkedHashMap<>();
        for (JsonNode change : changes) {
            byObject.put(change.path("change").asText() + " " + change.path("kind").asText().toLowerCase(Locale.ROOT)
                    + " " + change.path("identity").asText(), change);
        }
        return byObject;
    }
}
