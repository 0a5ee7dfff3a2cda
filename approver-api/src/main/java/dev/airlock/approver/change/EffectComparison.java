package dev.airlock.approver.change;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Whether two effects of the same change set do the same thing to production. An effect names
 * the production fingerprint it was computed against and says whether the task's sandbox kept
 * it; a recomputation against a moved production always differs in those, so they are left out.
 * Everything else (statement results, schema and access diff, impact, affected rows, lints, risk)
 * must be equal, or the reviewer did not see what would now run.
 */
public final class EffectComparison {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CIRCUMSTANTIAL = List.of("productionFingerprint", "keptInTaskSandbox", "note");

    private EffectComparison() {
    }

    public static boolean sameEffect(String effectJson, String otherEffectJson) {
        return essence(effectJson).equals(essence(otherEffectJson));
    }

    private static JsonNode essence(String effectJson) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(effectJson);
            CIRCUMSTANTIAL.forEach(node::remove);
            return node;
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalArgumentException("not an effect's JSON: " + e.getMessage(), e);
        }
    }
}
