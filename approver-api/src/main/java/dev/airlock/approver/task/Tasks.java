package dev.airlock.approver.task;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.approver.audit.AuditEvent;
import dev.airlock.approver.audit.AuditKind;
import dev.airlock.approver.audit.AuditSink;
import dev.airlock.approver.credential.ScramVerifier;
import dev.airlock.approver.policy.ScopePatterns;
import dev.airlock.approver.policy.StatementKind;
import dev.airlock.approver.policy.TaskFacts;
import dev.airlock.approver.store.TaskRepository;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agents' tasks and their credentials. Starting a task draws a 256-bit secret, stores only its
 * SCRAM-SHA-256 verifier and returns the secret once, inside a ready JDBC URL; the task's id is
 * the user name it logs in with, so two tasks never share a credential.
 *
 * <p>A task ends once: by {@link #end}, by its TTL (a sweep every {@code sweepInterval}), or by
 * its agent being disabled. Ending it first marks it ended in the store and forgets it here, so
 * the credential stops working at once; then every end listener is told (the proxy terminates the
 * task's sessions), then {@code cleanup} runs (the control plane drops the sandbox and cancels the
 * task's open changes). The sweep also reloads the open tasks from the store, so a task another
 * instance started or ended is seen here within one interval.
 *
 * <p>{@link #active} answers from memory and never blocks: the proxy calls it while a client
 * authenticates, on an event loop.
 */
public final class Tasks implements AutoCloseable {
    /** User names of task credentials start with this. */
    public static final String ID_PREFIX = "task_";
    private static final Logger LOG = LoggerFactory.getLogger(Tasks.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SECRET_BYTES = 32;
    private static final int ID_BYTES = 12;
    private static final int MAX_INTENT = 4000;

    private final TaskRepository repository;
    private final TaskSettings settings;
    private final Map<String, AgentProfile> agents;
    private final Clock clock;
    private final AuditSink audit;
    private final Consumer<String> cleanup;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Task> open = new ConcurrentHashMap<>();
    /**
     * Held while the store and {@link #open} change together (a start, an end, the sweep's reload),
     * so a sweep that read the store a moment before can neither bring back a task ended meanwhile
     * nor drop one started meanwhile.
     */
    private final Object membership = new Object();
    private final List<Consumer<TaskEnded>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService sweeper;
    private volatile OpenSessions sessions = OpenSessions.NONE;
    private volatile Set<String> disabledAgents;
    private volatile int connectPort;

    public Tasks(TaskRepository repository, TaskSettings settings, List<AgentProfile> agents, Clock clock,
                 AuditSink audit, Consumer<String> cleanup, Duration sweepInterval) {
        this.repository = repository;
        this.settings = settings;
        this.agents = agents.stream().collect(Collectors.toUnmodifiableMap(AgentProfile::name, Function.identity()));
        this.clock = clock;
        this.audit = audit;
        this.cleanup = cleanup;
        this.connectPort = settings.connectPort();
        this.disabledAgents = Set.copyOf(repository.disabledAgents());
        repository.open().forEach(task -> open.put(task.id(), task));
        this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "airlock-task-sweep");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(this::sweepQuietly, 0, sweepInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The port the proxy listens on, for connection strings when the settings left it to the proxy (0). */
    public void proxyListensOn(int port) {
        if (settings.connectPort() == 0) {
            connectPort = port;
        }
    }

    /** {@code listener} is told of every task that ends, on the thread that ended it. */
    public void addEndListener(Consumer<TaskEnded> listener) {
        listeners.add(listener);
    }

    /**
     * Starts a task for {@code request.agent()} on behalf of {@code actor}. Throws
     * {@link IllegalArgumentException}, naming the field, for an unknown or disabled agent, a
     * missing intent, a scope entry that is not a pattern, or a TTL above the configured maximum.
     */
    public IssuedTask start(TaskRequest request, String actor) {
        AgentProfile agent = agents.get(request.agent());
        if (agent == null) {
            throw new IllegalArgumentException("agent: no agent is named '" + request.agent() + "'; agents are "
                    + agents.keySet().stream().sorted().toList());
        }
        if (disabledAgents.contains(agent.name())) {
            throw new IllegalArgumentException("agent: '" + agent.name() + "' is disabled; an admin must enable it first");
        }
        String intent = request.intent() == null ? "" : request.intent().strip();
        if (intent.isEmpty() || intent.length() > MAX_INTENT) {
            throw new IllegalArgumentException("intent: a task declares what it is for, in 1 to " + MAX_INTENT
                    + " characters");
        }
        validate(request.scope());
        Duration ttl = request.ttl().orElse(settings.defaultTtl());
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(settings.maxTtl()) > 0) {
            throw new IllegalArgumentException("ttl: must be positive and at most " + settings.maxTtl() + ", not " + ttl);
        }
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(SECRET_BYTES));
        String id = ID_PREFIX + HexFormat.of().formatHex(randomBytes(ID_BYTES));
        Instant now = clock.instant();
        Task task = new Task(id, agent.name(), intent, request.scope(),
                ScramVerifier.fromPassword(secret.toCharArray(), random).format(), actor, now, now.plus(ttl),
                Optional.empty());
        synchronized (membership) {
            repository.insert(task);
            if (!record(AuditKind.TASK, actor, id, JSON.createObjectNode().put("event", "started")
                    .put("agent", agent.name()).put("intent", intent).put("expires_at", task.expiresAt().toString())
                    .set("scope", TaskRepository.scopeNode(task.scope())))) {
                repository.end(id, now, "the audit log could not record its start");
                throw new IllegalStateException("the audit log cannot record new tasks now, so none was started; try again");
            }
            open.put(id, task);
        }
        return new IssuedTask(task, secret, jdbcUrl(id, secret), uri(id, secret));
    }

    /** The task whose credential logs in as {@code user}, if it is running now; never blocks. */
    public Optional<Task> active(String user) {
        Task task = open.get(user);
        if (task == null || !task.activeAt(clock.instant()) || disabledAgents.contains(task.agent())) {
            return Optional.empty();
        }
        return Optional.of(task);
    }

    /** The agent's profile (owner), if the agent is declared. */
    public Optional<AgentProfile> agent(String name) {
        return Optional.ofNullable(agents.get(name));
    }

    /**
     * True when the task has ended (a task never started is not "ended"). Reads the store, so a task
     * another instance ended counts before this instance's sweep has seen it.
     */
    public boolean hasEnded(String id) {
        return repository.find(id).map(task -> task.ended().isPresent()).orElse(false);
    }

    public Task get(String id) {
        return find(id).orElseThrow(() -> new TaskNotFoundException(id));
    }

    /** The task, if one with this id was ever started (a standing task from configuration is not). */
    public Optional<Task> find(String id) {
        return repository.find(id);
    }

    /** Where the open sessions of tasks on this instance are found: the proxy serving them. */
    public void sessionsFrom(OpenSessions sessions) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    /** The task's open sessions on this instance. */
    public List<TaskSession> sessions(String id) {
        return sessions.of(id);
    }

    public List<Task> recent(int limit) {
        return repository.recent(limit);
    }

    /** Agents declared, each with whether it is disabled. */
    public Map<AgentProfile, Boolean> agents() {
        Set<String> disabled = disabledAgents;
        return agents.values().stream().collect(Collectors.toMap(Function.identity(), a -> disabled.contains(a.name())));
    }

    /**
     * Ends the task now; false if it had already ended. Throws {@link TaskNotFoundException} for
     * an unknown id. Blocking (store, sandbox): call it off any event loop.
     */
    public boolean end(String id, String reason, String actor) {
        Task task = get(id);
        synchronized (membership) {
            if (!repository.end(id, clock.instant(), reason)) {
                return false;
            }
            open.remove(id);
        }
        finish(task, reason, actor);
        return true;
    }

    /** Disables the agent: no task of it may start, and every running one ends. */
    public void disableAgent(String name, String reason, String actor) {
        requireAgent(name);
        repository.setDisabled(name, true, actor, reason, clock.instant());
        disabledAgents = Set.copyOf(repository.disabledAgents());
        record(AuditKind.AGENT, actor, name, JSON.createObjectNode().put("event", "disabled").put("reason", reason));
        for (Task task : List.copyOf(open.values())) {
            if (task.agent().equals(name)) {
                endQuietly(task.id(), "its agent " + name + " was disabled (" + reason + ")", actor);
            }
        }
    }

    public void enableAgent(String name, String actor) {
        requireAgent(name);
        repository.setDisabled(name, false, actor, null, clock.instant());
        disabledAgents = Set.copyOf(repository.disabledAgents());
        record(AuditKind.AGENT, actor, name, JSON.createObjectNode().put("event", "enabled"));
    }

    private void requireAgent(String name) {
        if (!agents.containsKey(name)) {
            throw new IllegalArgumentException("agent: no agent is named '" + name + "'");
        }
    }

    private void finish(Task task, String reason, String actor) {
        record(AuditKind.TASK, actor, task.id(), JSON.createObjectNode().put("event", "ended").put("agent", task.agent())
                .put("reason", reason));
        tell(new TaskEnded(task.id(), task.agent(), reason));
        cleanup.accept(task.id());
    }

    private void tell(TaskEnded ended) {
        for (Consumer<TaskEnded> listener : listeners) {
            try {
                listener.accept(ended);
            } catch (RuntimeException e) {
                LOG.error("a task-end listener failed for {}", ended.taskId(), e);
            }
        }
    }

    /** Ends tasks past their TTL; picks up tasks other instances started, ended or disabled. */
    void sweep() {
        Instant now = clock.instant();
        for (Task task : List.copyOf(open.values())) {
            if (!now.isBefore(task.expiresAt())) {
                endQuietly(task.id(), "its TTL ran out at " + task.expiresAt(), "airlock");
            }
        }
        disabledAgents = Set.copyOf(repository.disabledAgents());
        List<Task> endedElsewhere = new ArrayList<>();
        synchronized (membership) {
            Map<String, Task> stored = repository.open().stream()
                    .collect(Collectors.toMap(Task::id, Function.identity()));
            for (Task task : List.copyOf(open.values())) {
                if (!stored.containsKey(task.id()) && open.remove(task.id()) != null) {
                    endedElsewhere.add(task);
                }
            }
            stored.forEach(open::putIfAbsent);
        }
        for (Task task : endedElsewhere) {
            String reason = repository.find(task.id()).flatMap(Task::ended).map(Task.Ended::reason).orElse("it was ended");
            tell(new TaskEnded(task.id(), task.agent(), reason));
        }
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("the task sweep failed; it runs again shortly: {}", e.getMessage());
        }
    }

    private void endQuietly(String id, String reason, String actor) {
        try {
            end(id, reason, actor);
        } catch (RuntimeException e) {
            LOG.error("could not end task {}; the next sweep tries again", id, e);
        }
    }

    /** Checks a scope as a task request or configuration gives it; the message names the field. */
    public static void validate(TaskFacts.Scope scope) {
        for (String schema : scope.readSchemas()) {
            if (schema == null || !schema.matches("[^.\\s*]+")) {
                throw new IllegalArgumentException("scope.read_schemas: '" + schema + "' is not a schema name");
            }
        }
        List<String> patterns = new ArrayList<>(scope.readTables());
        patterns.addAll(scope.changeTables());
        for (String pattern : patterns) {
            String problem = ScopePatterns.problem(pattern);
            if (problem != null) {
                throw new IllegalArgumentException("scope: " + problem);
            }
        }
        List<String> kinds = Arrays.stream(StatementKind.values()).map(StatementKind::policyName).toList();
        for (String kind : scope.statementKinds()) {
            if (!kinds.contains(kind)) {
                throw new IllegalArgumentException("scope.statement_kinds: '" + kind + "' is not one of " + kinds);
            }
        }
    }

    private String jdbcUrl(String user, String secret) {
        return "jdbc:postgresql://" + hostPort() + "/" + encode(settings.database()) + "?user=" + user + "&password="
                + secret + "&sslmode=" + settings.sslMode();
    }

    private String uri(String user, String secret) {
        return "postgresql://" + user + ":" + secret + "@" + hostPort() + "/" + encode(settings.database())
                + "?sslmode=" + settings.sslMode();
    }

    private String hostPort() {
        String host = settings.connectHost();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + connectPort;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private boolean record(AuditKind kind, String actor, String subject, ObjectNode payload) {
        boolean taken = audit.offer(new AuditEvent(clock.instant(), kind, actor, null, subject, payload.toString()));
        if (!taken) {
            LOG.error("the audit log did not take the {} record for {}", kind, subject);
        }
        return taken;
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
