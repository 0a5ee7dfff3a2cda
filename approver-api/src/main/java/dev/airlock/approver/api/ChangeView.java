package dev.airlock.approver.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.approver.change.Approval;
import dev.airlock.approver.change.ChangeRequest;
import dev.airlock.approver.change.ProductionResult;
import dev.airlock.approver.change.Transition;
import dev.airlock.approver.task.Task;
import dev.airlock.sandbox.change.BindParameter;
import dev.airlock.sandbox.change.ChangeStatement;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The JSON a reviewer reads: a summary for lists, and for one change everything the approval
 * names and rests on (statement text and bind parameters, the three hashes, the diff both as
 * structure and as a readable unified rendering, access changes in words, impact, lints, risk,
 * who asked, for which task and intent, the policy rules that held it, state, approvals, history,
 * production's results and the post-apply verification).
 */
final class ChangeView {
    private final ObjectMapper json;
    private final ToIntFunction<ChangeRequest> approvalsRequired;
    private final Function<String, Optional<Task>> tasks;

    ChangeView(ObjectMapper json, ToIntFunction<ChangeRequest> approvalsRequired, Function<String, Optional<Task>> tasks) {
        this.json = json;
        this.approvalsRequired = approvalsRequired;
        this.tasks = tasks;
    }

    Map<String, Object> summary(ChangeRequest change) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", change.id().toString());
        view.put("state", change.state().name());
        view.put("agent", change.agent());
        view.put("taskId", change.taskId());
        view.put("sessionId", change.sessionId());
        view.put("risk", change.risk().name());
        view.put("approvalsRequired", approvalsRequired.applyAsInt(change));
        if (!change.approvalNeed().group().isEmpty()) {
            view.put("approverGroup", change.approvalNeed().group());
        }
        view.put("approvalRule", change.approvalNeed().rule());
        view.put("statementsSha256", change.statementsSha256());
        view.put("effectSha256", change.effectSha256());
        view.put("baseFingerprint", change.baseFingerprint());
        view.put("firstStatement", change.changeSet().statements().get(0).sql());
        view.put("createdAt", change.createdAt().toString());
        view.put("updatedAt", change.updatedAt().toString());
        view.put("expiresAt", change.expiresAt().toString());
        return view;
    }

    Map<String, Object> detail(ChangeRequest change, List<Approval> approvals, List<Transition> history,
                               List<ProductionResult> results) {
        Map<String, Object> view = summary(change);
        view.remove("firstStatement");
        view.put("reason", change.reason());
        view.put("version", change.version());
        view.put("heldBy", change.heldBy());
        view.put("intent", change.intent());
        tasks.apply(change.taskId()).ifPresent(task -> view.put("task", TaskView.of(task)));
        List<Object> statements = new ArrayList<>();
        List<ChangeStatement> list = change.changeSet().statements();
        for (int i = 0; i < list.size(); i++) {
            Map<String, Object> statement = new LinkedHashMap<>();
            statement.put("index", i + 1);
            statement.put("sql", list.get(i).sql());
            statement.put("parameters", list.get(i).parameters().stream().map(ChangeView::parameter).toList());
            statements.add(statement);
        }
        view.put("statements", statements);
        JsonNode effect = effect(change.effectJson());
        Map<String, Object> diff = new LinkedHashMap<>();
        diff.put("schema", effect.path("schemaChanges"));
        diff.put("access", effect.path("accessChanges"));
        diff.put("unified", unified(effect.path("schemaChanges")));
        diff.put("accessInWords", inWords(effect.path("accessChanges")));
        view.put("diff", diff);
        view.put("impact", effect.path("impact"));
        view.put("affectedRows", effect.path("affectedRows"));
        view.put("lints", effect.path("lints"));
        view.put("sandboxStatements", effect.path("statements"));
        view.put("effect", effect);
        view.put("approvals", approvals.stream().map(ChangeView::approval).toList());
        view.put("history", history.stream().map(ChangeView::transition).toList());
        view.put("productionResults", results);
        if (change.verification() != null) {
            view.put("verification", Map.of("matched", Boolean.TRUE.equals(change.verificationMatched()),
                    "detail", change.verification()));
        }
        return view;
    }

    private JsonNode effect(String effectJson) {
        try {
            return json.readTree(effectJson);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored effect is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Each changed object as a header line and its DDL diff, the way a reviewer reads a patch. */
    static String unified(JsonNode schemaChanges) {
        StringBuilder text = new StringBuilder();
        for (JsonNode change : schemaChanges) {
            text.append("@@ ").append(change.path("change").asText()).append(' ').append(change.path("kind").asText())
                    .append(' ').append(change.path("identity").asText()).append(" @@\n");
            text.append(change.path("ddlDiff").asText(""));
        }
        return text.toString();
    }

    /** Each access change as a reviewer says it: "PUBLIC gains SELECT on table public.film (direct grant)". */
    static List<String> inWords(JsonNode accessChanges) {
        List<String> sentences = new ArrayList<>();
        for (JsonNode change : accessChanges) {
            String via = change.path("via").asText("");
            sentences.add(change.path("role").asText() + ("LOST".equals(change.path("change").asText()) ? " loses " : " gains ")
                    + change.path("privilege").asText() + " on " + change.path("objectKind").asText().toLowerCase(Locale.ROOT)
                    + " " + change.path("object").asText() + (via.isEmpty() ? "" : " (" + via + ")"));
        }
        return sentences;
    }

    private static Map<String, Object> parameter(BindParameter parameter) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("typeOid", Integer.toUnsignedLong(parameter.typeOid()));
        view.put("formatCode", parameter.formatCode());
        byte[] value = parameter.value();
        if (value == null) {
            view.put("null", true);
        } else {
            String text = parameter.formatCode() == 0 ? utf8(value) : null;
            if (text != null) {
                view.put("text", text);
            }
            view.put("base64", Base64.getEncoder().encodeToString(value));
        }
        return view;
    }

    private static String utf8(byte[] value) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static Map<String, Object> approval(Approval approval) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("approver", approval.approver());
        view.put("decision", approval.decision().name());
        view.put("comment", approval.comment());
        view.put("effectSha256", approval.effectSha256());
        view.put("at", approval.at().toString());
        return view;
    }

    private static Map<String, Object> transition(Transition transition) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("from", transition.from() == null ? null : transition.from().name());
        view.put("to", transition.to().name());
        view.put("actor", transition.actor());
        view.put("reason", transition.reason());
        view.put("at", transition.at().toString());
        return view;
    }
}
