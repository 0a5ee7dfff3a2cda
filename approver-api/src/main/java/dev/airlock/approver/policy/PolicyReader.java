package dev.airlock.approver.policy;

import dev.cel.bundle.Cel;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and validates a policy file. The format:
 *
 * <pre>{@code
 * tags:                              # optional: qualified table -> tags, CEL variable `tags`
 *   public.payments: [critical]
 * statement_rules:                   # required, first match wins
 *   - name: deny-forbidden           # required, unique in its list
 *     description: ...               # optional
 *     when: statement.kind == "forbidden"   # required CEL, must be boolean
 *     outcome: deny                  # allow | hold | deny
 *     message: forbidden statement   # optional, deny only
 *   - name: default
 *     when: "true"                   # the last rule of each list must be exactly `true`
 *     outcome: deny
 * approval_rules:                    # required, first match wins
 *   - name: default
 *     when: "true"
 *     approvers: 1                   # required, 1..10
 *     group: dba                     # optional
 * }</pre>
 *
 * <p>The default is a rule, not a separate key: the last rule of each list must have
 * {@code when: true}, and no earlier rule may (everything after it could never match). So
 * "what happens otherwise" is always written where it applies, and has a name to record.
 *
 * <p>Every refusal names the file, the line and the rule: unknown keys, a missing or bad outcome,
 * a CEL condition that does not parse or does not type-check. For a condition written across
 * several lines the CEL line is added to the line of {@code when:}; a block scalar
 * ({@code when: |}) therefore reads one line early.
 */
public final class PolicyReader {
    static final String STATEMENT_RULES = "statement_rules";
    static final String APPROVAL_RULES = "approval_rules";
    private static final Set<String> TOP_KEYS = Set.of("tags", STATEMENT_RULES, APPROVAL_RULES);
    private static final Set<String> STATEMENT_KEYS = Set.of("name", "description", "when", "outcome", "message");
    private static final Set<String> APPROVAL_KEYS = Set.of("name", "description", "when", "approvers", "group");
    private static final int MAX_APPROVERS = 10;
    /** The policy shipped with Airlock, safe out of the box. */
    public static final String DEFAULT_POLICY = "policy/default.yaml";

    private final Clock clock;

    public PolicyReader(Clock clock) {
        this.clock = clock;
    }

    public PolicyReader() {
        this(Clock.systemUTC());
    }

    /**
     * Validates and compiles {@code text}.
     *
     * @param file the name errors should carry (the file's path, or a resource name)
     * @throws InvalidPolicyException naming the line and the rule of the first problem found
     */
    public Policy read(String file, String text) throws InvalidPolicyException {
        String sha256 = sha256(text);
        YamlNode root = YamlTree.read(file, text);
        if (!(root instanceof YamlNode.Mapping top)) {
            throw new InvalidPolicyException(file, root.line(),
                    "a policy file is a mapping with statement_rules and approval_rules, not " + YamlNode.describe(root));
        }
        checkKeys(file, top, TOP_KEYS, "the top level");
        Map<String, List<String>> tags = tags(file, top);
        List<StatementRule> statementRules = new ArrayList<>();
        for (Located located : rules(file, top, STATEMENT_RULES, STATEMENT_KEYS)) {
            statementRules.add(statementRule(file, located, sha256));
        }
        List<ApprovalRule> approvalRules = new ArrayList<>();
        for (Located located : rules(file, top, APPROVAL_RULES, APPROVAL_KEYS)) {
            approvalRules.add(approvalRule(file, located, sha256));
        }
        return new Policy(file, sha256, clock.instant(), tags, statementRules, approvalRules);
    }

    /** A rule's mapping with the coordinates every message about it needs. */
    private record Located(YamlNode.Mapping rule, String list, int index, String name) {
        String where() {
            return list + "[" + index + "] '" + name + "'";
        }
    }

    private List<Located> rules(String file, YamlNode.Mapping top, String list, Set<String> keys)
            throws InvalidPolicyException {
        YamlNode node = top.values().get(list);
        if (node == null) {
            throw new InvalidPolicyException(file, top.line(), "missing " + list + " (a list of rules ending in a default)");
        }
        if (!(node instanceof YamlNode.Sequence sequence) || sequence.items().isEmpty()) {
            throw new InvalidPolicyException(file, top.keyLines().get(list),
                    list + " must be a non-empty list of rules ending in a default");
        }
        List<Located> located = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int index = 0; index < sequence.items().size(); index++) {
            YamlNode item = sequence.items().get(index);
            if (!(item instanceof YamlNode.Mapping rule)) {
                throw new InvalidPolicyException(file, item.line(),
                        list + "[" + index + "] must be a mapping (name, when, ...), not " + YamlNode.describe(item));
            }
            String name = requiredScalar(file, rule, "name", list + "[" + index + "]");
            Located here = new Located(rule, list, index, name);
            if (!names.add(name)) {
                throw new InvalidPolicyException(file, rule.keyLines().get("name"),
                        here.where() + ": another rule in " + list + " has this name");
            }
            checkKeys(file, rule, keys, here.where());
            boolean last = index == sequence.items().size() - 1;
            boolean catchAll = "true".equals(requiredScalar(file, rule, "when", here.where()).strip());
            if (last && !catchAll) {
                throw new InvalidPolicyException(file, rule.keyLines().get("when"), here.where()
                        + ": the last rule of " + list + " is its default and must have when: \"true\"");
            }
            if (!last && catchAll) {
                throw new InvalidPolicyException(file, rule.keyLines().get("when"), here.where()
                        + ": when: \"true\" matches everything, so the rules after it could never apply;"
                        + " only the last rule of " + list + " may be the default");
            }
            located.add(here);
        }
        return located;
    }

    private StatementRule statementRule(String file, Located at, String sha256) throws InvalidPolicyException {
        YamlNode.Mapping rule = at.rule();
        String outcomeText = requiredScalar(file, rule, "outcome", at.where());
        Optional<String> message = optionalScalar(file, rule, "message", at.where());
        StatementOutcome outcome = switch (outcomeText) {
            case "allow" -> new StatementOutcome.Allow();
            case "hold" -> new StatementOutcome.Hold();
            case "deny" -> new StatementOutcome.Deny(message.orElse("denied by policy rule '" + at.name() + "'"));
            default -> throw new InvalidPolicyException(file, rule.keyLines().get("outcome"),
                    at.where() + ": outcome '" + outcomeText + "' is not one of allow, hold, deny");
        };
        if (message.isPresent() && !(outcome instanceof StatementOutcome.Deny)) {
            throw new InvalidPolicyException(file, rule.keyLines().get("message"),
                    at.where() + ": message is only shown for outcome: deny");
        }
        String when = requiredScalar(file, rule, "when", at.where());
        CelRuntime.Program program = compile(file, at, when, PolicyEnvironment.STATEMENT_RULES);
        return new StatementRule(new RuleRef(at.list(), at.index(), at.name(), sha256),
                optionalScalar(file, rule, "description", at.where()).orElse(""), when, program, outcome);
    }

    private ApprovalRule approvalRule(String file, Located at, String sha256) throws InvalidPolicyException {
        YamlNode.Mapping rule = at.rule();
        String approversText = requiredScalar(file, rule, "approvers", at.where());
        int approvers;
        try {
            approvers = Integer.parseInt(approversText.strip());
        } catch (NumberFormatException e) {
            approvers = -1;
        }
        if (approvers < 1 || approvers > MAX_APPROVERS) {
            throw new InvalidPolicyException(file, rule.keyLines().get("approvers"), at.where()
                    + ": approvers must be a whole number from 1 to " + MAX_APPROVERS + ", not '" + approversText + "'");
        }
        Optional<String> group = optionalScalar(file, rule, "group", at.where());
        String when = requiredScalar(file, rule, "when", at.where());
        CelRuntime.Program program = compile(file, at, when, PolicyEnvironment.APPROVAL_RULES);
        return new ApprovalRule(new RuleRef(at.list(), at.index(), at.name(), sha256),
                optionalScalar(file, rule, "description", at.where()).orElse(""), when, program, approvers, group);
    }

    private static CelRuntime.Program compile(String file, Located at, String when, Cel cel)
            throws InvalidPolicyException {
        int whenLine = at.rule().keyLines().get("when");
        try {
            return cel.createProgram(cel.compile(when).getAst());
        } catch (CelValidationException e) {
            CelIssue issue = e.getErrors().isEmpty() ? null : e.getErrors().get(0);
            if (issue == null) {
                throw new InvalidPolicyException(file, whenLine, at.where() + ": when: " + e.getMessage());
            }
            int celLine = Math.max(1, issue.getSourceLocation().getLine());
            int column = issue.getSourceLocation().getColumn() + 1;
            throw new InvalidPolicyException(file, whenLine + celLine - 1,
                    at.where() + ": when: " + issue.getMessage() + " (column " + column + " of the condition)");
        } catch (CelEvaluationException e) {
            throw new InvalidPolicyException(file, whenLine, at.where() + ": when: " + e.getMessage());
        }
    }

    private static Map<String, List<String>> tags(String file, YamlNode.Mapping top) throws InvalidPolicyException {
        YamlNode node = top.values().get("tags");
        if (node == null) {
            return Map.of();
        }
        if (!(node instanceof YamlNode.Mapping mapping)) {
            throw new InvalidPolicyException(file, node.line(),
                    "tags must map qualified table names to lists of tags, not be " + YamlNode.describe(node));
        }
        Map<String, List<String>> tags = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> entry : mapping.values().entrySet()) {
            int line = mapping.keyLines().get(entry.getKey());
            if (!(entry.getValue() instanceof YamlNode.Sequence sequence)) {
                throw new InvalidPolicyException(file, line, "tags." + entry.getKey() + " must be a list, e.g. [critical]");
            }
            List<String> values = new ArrayList<>();
            for (YamlNode item : sequence.items()) {
                if (!(item instanceof YamlNode.Scalar scalar) || scalar.text() == null || scalar.text().isBlank()) {
                    throw new InvalidPolicyException(file, item.line(), "tags." + entry.getKey() + " must list words");
                }
                values.add(scalar.text());
            }
            tags.put(entry.getKey(), List.copyOf(values));
        }
        return tags;
    }

    private static void checkKeys(String file, YamlNode.Mapping mapping, Set<String> allowed, String where)
            throws InvalidPolicyException {
        for (Map.Entry<String, Integer> key : mapping.keyLines().entrySet()) {
            if (!allowed.contains(key.getKey())) {
                throw new InvalidPolicyException(file, key.getValue(), where + ": unknown key '" + key.getKey()
                        + "' (expected one of " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String requiredScalar(String file, YamlNode.Mapping mapping, String key, String where)
            throws InvalidPolicyException {
        return optionalScalar(file, mapping, key, where)
                .orElseThrow(() -> new InvalidPolicyException(file, mapping.line(), where + ": missing " + key));
    }

    private static Optional<String> optionalScalar(String file, YamlNode.Mapping mapping, String key, String where)
            throws InvalidPolicyException {
        YamlNode node = mapping.values().get(key);
        if (node == null) {
            return Optional.empty();
        }
        if (!(node instanceof YamlNode.Scalar scalar)) {
            throw new InvalidPolicyException(file, node.line(), where + ": " + key + " must be a single value, not "
                    + YamlNode.describe(node));
        }
        if (scalar.text() == null || scalar.text().isBlank()) {
            throw new InvalidPolicyException(file, mapping.keyLines().get(key), where + ": " + key + " is empty");
        }
        return Optional.of(scalar.text());
    }

    /** Reads a policy from the class path, e.g. {@link #DEFAULT_POLICY}. */
    public Policy readResource(String resource) throws InvalidPolicyException {
        try (var in = PolicyReader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new InvalidPolicyException(resource, 1, "no such resource on the class path");
            }
            return read(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new InvalidPolicyException(resource, 1, "cannot read the resource: " + e);
        }
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
