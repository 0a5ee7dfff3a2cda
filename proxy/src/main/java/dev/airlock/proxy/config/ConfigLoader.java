package dev.airlock.proxy.config;

import dev.airlock.approver.api.Admin;
import dev.airlock.approver.approval.Approver;
import dev.airlock.approver.credential.ScramVerifier;
import dev.airlock.approver.notify.WebhookEvent;
import dev.airlock.approver.notify.WebhookTarget;
import dev.airlock.approver.policy.TaskFacts;
import dev.airlock.approver.task.Tasks;
import dev.airlock.proxy.agent.HoldMode;
import dev.airlock.proxy.auth.Identity;
import dev.airlock.proxy.auth.IdentityKind;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code airlock.yaml}. Nested maps and dotted keys both name settings
 * ({@code production: {port: 5432}} is {@code production.port}); any key that is not a declared
 * {@link Setting} stops start-up, as does any value of the wrong form. Every message names the key
 * and the line.
 *
 * <pre>
 * production:
 *   host: db.internal
 *   database: app
 *   readonly_user: airlock_ro
 *   readonly_password: env:AIRLOCK_RO_PASSWORD
 * webhooks:
 *   - url: env:SLACK_WEBHOOK_URL
 *     secret: env:AIRLOCK_WEBHOOK_SECRET
 * identities:
 *   - name: reporting
 *     kind: application
 *     password_verifier: "SCRAM-SHA-256$4096:...$...:..."   # or env:NAME / file:/path
 * </pre>
 */
public final class ConfigLoader {
    private static final String IDENTITIES = "identities";
    private static final String APPROVERS = "approvers";
    private static final String ADMINS = "admins";
    private static final String WEBHOOKS = "webhooks";
    private static final Set<String> WEBHOOK_FIELDS = Set.of("url", "secret", "events");
    private static final Pattern IDENTITY_NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,63}");

    private final String sourceName;
    private final Map<String, String> environment;

    private ConfigLoader(String sourceName, Map<String, String> environment) {
        this.sourceName = sourceName;
        this.environment = environment;
    }

    public static AirlockConfig load(Path file, Map<String, String> environment) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        return parse(new StringReader(text), file.getFileName().toString(), environment);
    }

    public static AirlockConfig parse(Reader source, String sourceName, Map<String, String> environment) {
        return new ConfigLoader(sourceName, environment).read(YamlNode.read(source, sourceName));
    }

    private AirlockConfig read(YamlNode root) {
        if (!(root instanceof YamlNode.Mapping mapping)) {
            throw new ConfigException(sourceName + ": the configuration must be a map of settings");
        }
        Map<String, YamlNode> leaves = new LinkedHashMap<>();
        List<Identity> identities = List.of();
        List<Approver> approvers = List.of();
        List<Admin> admins = List.of();
        List<WebhookTarget> webhooks = List.of();
        for (Map.Entry<String, YamlNode> entry : mapping.entries().entrySet()) {
            if (entry.getKey().equals(IDENTITIES)) {
                identities = readIdentities(entry.getValue());
            } else if (entry.getKey().equals(APPROVERS)) {
                approvers = readTokenHolders(APPROVERS, entry.getValue(), Approver::new);
            } else if (entry.getKey().equals(ADMINS)) {
                admins = readTokenHolders(ADMINS, entry.getValue(), (name, hash, groups) -> {
                    if (!groups.isEmpty()) {
                        throw new IllegalArgumentException("admin " + name + ": groups are for approvers");
                    }
                    return new Admin(name, hash);
                });
            } else if (entry.getKey().equals(WEBHOOKS)) {
                webhooks = readWebhooks(entry.getValue());
            } else {
                flatten(entry.getKey(), entry.getValue(), leaves);
            }
        }
        Settings settings = readSettings(leaves);
        checkCombinations(settings, leaves);
        checkAgentsCanBeServed(settings, identities, mapping);
        if (!webhooks.isEmpty() && settings.find(Setting.SANDBOX_HOST).isEmpty()) {
            throw error(WEBHOOKS, mapping.entries().get(WEBHOOKS), "tell of agents' changes, which need the control"
                    + " plane: configure sandbox.host (and agents) or remove them");
        }
        return new AirlockConfig(settings, identities, approvers, admins, webhooks);
    }

    /**
     * Webhooks: each a url (http or https; may itself be a secret reference, as a Slack webhook's
     * URL is a credential), the secret deliveries are signed with (a reference) and, optionally,
     * the events it wants.
     */
    private List<WebhookTarget> readWebhooks(YamlNode node) {
        if (!(node instanceof YamlNode.Sequence sequence)) {
            throw error(WEBHOOKS, node, "must be a list of maps with url, secret and events");
        }
        List<WebhookTarget> targets = new ArrayList<>();
        for (YamlNode item : sequence.items()) {
            if (!(item instanceof YamlNode.Mapping entry) || !WEBHOOK_FIELDS.containsAll(entry.entries().keySet())) {
                throw error(WEBHOOKS, item, "each entry is a map with url, secret (env:NAME or file:/path) and,"
                        + " optionally, events (" + WebhookEvent.names() + ")");
            }
            try {
                String url = requiredText(WEBHOOKS, entry, "url");
                if (url.startsWith("env:") || url.startsWith("file:")) {
                    url = SecretReference.parse(url).resolve(environment);
                }
                String secret = SecretReference.parse(requiredText(WEBHOOKS, entry, "secret")).resolve(environment);
                YamlNode events = entry.entries().get("events");
                Set<WebhookEvent> wanted = EnumSet.noneOf(WebhookEvent.class);
                if (events != null) {
                    SettingType.STRING_LIST.parse(events.toPlain()).forEach(name -> wanted.add(WebhookEvent.named(name)));
                }
                targets.add(new WebhookTarget(URI.create(url.strip()), secret, wanted));
            } catch (IllegalArgumentException e) {
                throw error(WEBHOOKS, item, e.getMessage());
            }
        }
        return targets;
    }

    /** Agents need somewhere to run their changes and a credential to replay approved ones. */
    private void checkAgentsCanBeServed(Settings settings, List<Identity> identities, YamlNode.Mapping root) {
        if (identities.stream().noneMatch(identity -> identity.kind() == IdentityKind.AGENT)) {
            return;
        }
        for (Setting<?> needed : List.of(Setting.SANDBOX_HOST, Setting.PRODUCTION_CHANGE_USER)) {
            if (settings.find(needed).isEmpty()) {
                throw error(needed.key(), root.entries().get(IDENTITIES), "is required when agents are declared ("
                        + needed.description() + ")");
            }
        }
        if (settings.get(Setting.STORE_KIND).equals("postgresql") && settings.find(Setting.STORE_URL).isEmpty()) {
            throw error(Setting.STORE_URL.key(), null, "is required with store.kind postgresql");
        }
    }

    /** Makes an approver or admin of a name, a token hash and groups. */
    @FunctionalInterface
    private interface TokenHolder<T> {
        T make(String name, String tokenSha256, Set<String> groups);
    }

    /** Approvers or admins: each a name, the SHA-256 of a bearer token and (approvers) groups. */
    private <T> List<T> readTokenHolders(String list, YamlNode node, TokenHolder<T> holder) {
        if (!(node instanceof YamlNode.Sequence sequence)) {
            throw error(list, node, "must be a list of maps with name and token_sha256");
        }
        List<T> holders = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlNode item : sequence.items()) {
            if (!(item instanceof YamlNode.Mapping entry)
                    || !Set.of("name", "token_sha256", "groups").containsAll(entry.entries().keySet())) {
                throw error(list, item, "each entry is a map with name, token_sha256 (`airlock new-approver-token` prints"
                        + " one) and, for approvers, groups");
            }
            String name = requiredText(list, entry, "name");
            String hash = requiredText(list, entry, "token_sha256");
            try {
                if (hash.startsWith("env:") || hash.startsWith("file:")) {
                    hash = SecretReference.parse(hash).resolve(environment);
                }
                if (!names.add(name)) {
                    throw new IllegalArgumentException("name '" + name + "' is declared twice");
                }
                YamlNode groups = entry.entries().get("groups");
                holders.add(holder.make(name, hash.strip(), groups == null ? Set.of()
                        : Set.copyOf(SettingType.STRING_LIST.parse(groups.toPlain()))));
            } catch (IllegalArgumentException e) {
                throw error(list, item, e.getMessage());
            }
        }
        return holders;
    }

    private void flatten(String path, YamlNode node, Map<String, YamlNode> leaves) {
        if (node instanceof YamlNode.Mapping mapping && !isSetting(path)) {
            mapping.entries().forEach((key, child) -> flatten(path + "." + key, child, leaves));
        } else if (leaves.put(path, node) != null) {
            throw error(path, node, "is given twice");
        }
    }

    private static boolean isSetting(String key) {
        return Setting.all().stream().anyMatch(setting -> setting.key().equals(key));
    }

    private Settings readSettings(Map<String, YamlNode> leaves) {
        // Unknown keys first: a misspelt key would otherwise be reported as the setting it was meant to be, missing.
        leaves.forEach((key, node) -> {
            if (!isSetting(key)) {
                throw error(key, node, "is not a setting Airlock knows (`airlock settings` lists them)");
            }
        });
        Map<Setting<?>, Object> values = new HashMap<>();
        for (Setting<?> setting : Setting.all()) {
            YamlNode node = leaves.get(setting.key());
            Object value = node == null ? setting.defaultValue() : parseValue(setting, node);
            if (value == null && setting.isRequired()) {
                throw new ConfigException(sourceName + ": missing required setting " + setting.key()
                        + " (" + setting.description() + ")");
            }
            if (value != null) {
                values.put(setting, value);
            }
        }
        return new Settings(values);
    }

    private Object parseValue(Setting<?> setting, YamlNode node) {
        Object plain = node.toPlain();
        if (plain == null) {
            throw error(setting.key(), node, "has no value; expected " + setting.type().describe());
        }
        try {
            Object value = setting.type().parse(plain);
            if (value instanceof SecretReference secret) {
                secret.resolve(environment);
            }
            return value;
        } catch (IllegalArgumentException e) {
            throw error(setting.key(), node, e.getMessage());
        }
    }

    private void checkCombinations(Settings settings, Map<String, YamlNode> leaves) {
        boolean certificate = settings.find(Setting.TLS_CERTIFICATE).isPresent();
        boolean privateKey = settings.find(Setting.TLS_PRIVATE_KEY).isPresent();
        if (certificate != privateKey) {
            String given = certificate ? Setting.TLS_CERTIFICATE.key() : Setting.TLS_PRIVATE_KEY.key();
            throw error(given, leaves.get(given), "needs both tls.certificate and tls.private_key");
        }
        if (certificate && settings.get(Setting.TLS_SELF_SIGNED)) {
            String key = Setting.TLS_SELF_SIGNED.key();
            throw error(key, leaves.get(key), "cannot be combined with tls.certificate; choose one");
        }
        if (settings.get(Setting.TLS_REQUIRED) && !certificate && !settings.get(Setting.TLS_SELF_SIGNED)) {
            String key = Setting.TLS_REQUIRED.key();
            throw error(key, leaves.get(key), "needs a certificate: set tls.certificate and tls.private_key, or tls.self_signed");
        }
        if (!settings.get(Setting.GATE_ENABLED) && !"1".equals(environment.get("AIRLOCK_UNSAFE_BENCHMARK"))) {
            String key = Setting.GATE_ENABLED.key();
            throw error(key, leaves.get(key), "false turns off every check; it is only for benchmarks and needs "
                    + "AIRLOCK_UNSAFE_BENCHMARK=1 in the environment");
        }
        if (settings.get(Setting.TASKS_MAX_TTL).compareTo(settings.get(Setting.TASKS_DEFAULT_TTL)) < 0) {
            String key = Setting.TASKS_MAX_TTL.key();
            throw error(key, leaves.get(key), "must be at least tasks.default_ttl (" + settings.get(Setting.TASKS_DEFAULT_TTL)
                    + ")");
        }
        if (settings.get(Setting.PRODUCTION_SSLMODE).equals("verify-full")
                && settings.find(Setting.PRODUCTION_SSL_ROOT_CERT).isEmpty()) {
            String key = Setting.PRODUCTION_SSLMODE.key();
            throw error(key, leaves.get(key), "verify-full needs production.ssl_root_cert");
        }
    }

    private List<Identity> readIdentities(YamlNode node) {
        if (!(node instanceof YamlNode.Sequence sequence)) {
            throw error(IDENTITIES, node, "must be a list of identities");
        }
        List<Identity> identities = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlNode item : sequence.items()) {
            Identity identity = readIdentity(item);
            if (!names.add(identity.name())) {
                throw error(IDENTITIES, item, "name '" + identity.name() + "' is declared twice");
            }
            identities.add(identity);
        }
        return identities;
    }

    private static final Set<String> IDENTITY_FIELDS = Set.of("name", "kind", "password_verifier", "owner", "task",
            "scope", "hold_mode");
    private static final List<String> AGENT_FIELDS = List.of("owner", "task", "scope", "hold_mode");
    private static final Set<String> SCOPE_FIELDS = Set.of("read_schemas", "read_tables", "change_tables",
            "statement_kinds");

    private Identity readIdentity(YamlNode item) {
        if (!(item instanceof YamlNode.Mapping entry)) {
            throw error(IDENTITIES, item, "each identity is a map with name, kind and password_verifier");
        }
        for (String key : entry.entries().keySet()) {
            if (!IDENTITY_FIELDS.contains(key)) {
                throw error(IDENTITIES + "." + key, entry.entries().get(key),
                        "is not an identity field (name, kind, password_verifier; for agents also owner, task, scope,"
                        + " hold_mode)");
            }
        }
        String name = requiredText(entry, "name");
        if (!IDENTITY_NAME.matcher(name).matches()) {
            throw error(IDENTITIES + ".name", entry.entries().get("name"),
                    "'" + name + "' must be 1 to 63 letters, digits or _ . @ -");
        }
        String kindText = requiredText(entry, "kind");
        IdentityKind kind;
        try {
            kind = IdentityKind.valueOf(kindText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw error(IDENTITIES + ".kind", entry.entries().get("kind"),
                    "'" + kindText + "' is not a kind of identity this version supports (application, agent)");
        }
        if (kind == IdentityKind.APPLICATION) {
            for (String agentOnly : AGENT_FIELDS) {
                if (entry.entries().containsKey(agentOnly)) {
                    throw error(IDENTITIES + "." + agentOnly, entry.entries().get(agentOnly), "is for agents only");
                }
            }
            return Identity.application(name, readVerifier(entry));
        }
        HoldMode holdMode = HoldMode.NOTICE;
        if (entry.entries().containsKey("hold_mode")) {
            try {
                holdMode = HoldMode.parse(requiredText(entry, "hold_mode"));
            } catch (IllegalArgumentException e) {
                throw error(IDENTITIES + ".hold_mode", entry.entries().get("hold_mode"), e.getMessage());
            }
        }
        String owner = entry.entries().containsKey("owner") ? requiredText(entry, "owner") : "";
        if (!entry.entries().containsKey("password_verifier")) {
            for (String standing : List.of("task", "scope")) {
                if (entry.entries().containsKey(standing)) {
                    throw error(IDENTITIES + "." + standing, entry.entries().get(standing), "is for an agent with a"
                            + " password_verifier of its own; without one, the agent connects with its tasks' credentials,"
                            + " each task with its own scope");
                }
            }
            return new Identity(name, IdentityKind.AGENT, null, owner, null, holdMode, false);
        }
        String task = entry.entries().containsKey("task") ? requiredText(entry, "task") : name;
        TaskFacts.Scope scope = entry.entries().containsKey("scope") ? readScope(entry.entries().get("scope"))
                : TaskFacts.Scope.EMPTY;
        return new Identity(name, IdentityKind.AGENT, readVerifier(entry), owner, new TaskFacts(task, "", scope),
                holdMode, false);
    }

    /** The scope of an agent's standing task: the lists a task started through the API gives. */
    private TaskFacts.Scope readScope(YamlNode node) {
        if (!(node instanceof YamlNode.Mapping mapping)) {
            throw error(IDENTITIES + ".scope", node, "must be a map of " + SCOPE_FIELDS);
        }
        Map<String, List<String>> lists = new HashMap<>();
        for (Map.Entry<String, YamlNode> field : mapping.entries().entrySet()) {
            String key = IDENTITIES + ".scope." + field.getKey();
            if (!SCOPE_FIELDS.contains(field.getKey())) {
                throw error(key, field.getValue(), "is not a scope field " + SCOPE_FIELDS);
            }
            try {
                lists.put(field.getKey(), SettingType.STRING_LIST.parse(field.getValue().toPlain()));
            } catch (IllegalArgumentException e) {
                throw error(key, field.getValue(), e.getMessage());
            }
        }
        TaskFacts.Scope scope = new TaskFacts.Scope(lists.getOrDefault("read_schemas", List.of()),
                lists.getOrDefault("read_tables", List.of()), lists.getOrDefault("change_tables", List.of()),
                lists.getOrDefault("statement_kinds", List.of()));
        try {
            Tasks.validate(scope);
        } catch (IllegalArgumentException e) {
            throw error(IDENTITIES + ".scope", node, e.getMessage());
        }
        return scope;
    }

    private ScramVerifier readVerifier(YamlNode.Mapping entry) {
        String text = requiredText(entry, "password_verifier");
        YamlNode node = entry.entries().get("password_verifier");
        try {
            if (text.startsWith("env:") || text.startsWith("file:")) {
                text = SecretReference.parse(text).resolve(environment);
            }
            return ScramVerifier.parse(text);
        } catch (IllegalArgumentException e) {
            throw error(IDENTITIES + ".password_verifier", node, e.getMessage()
                    + "; generate one with: airlock hash-password");
        }
    }

    private String requiredText(YamlNode.Mapping entry, String field) {
        return requiredText(IDENTITIES, entry, field);
    }

    private String requiredText(String list, YamlNode.Mapping entry, String field) {
        YamlNode node = entry.entries().get(field);
        if (node == null || !(node.toPlain() instanceof String text) || text.isBlank()) {
            throw error(list + "." + field, node == null ? entry : node, "is required");
        }
        return text;
    }

    private ConfigException error(String key, YamlNode node, String problem) {
        String where = node == null ? sourceName : sourceName + " line " + node.line();
        return new ConfigException(where + ": " + key + " " + problem);
    }
}
