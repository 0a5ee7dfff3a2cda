package dev.airlock.proxy.config;

import dev.airlock.proxy.net.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every setting Airlock has, each declared once here with its key, type, default and description.
 * The configuration file may contain only these keys; {@link ConfigLoader} checks each value at
 * start-up and freezes the result in {@link Settings}.
 */
public final class Setting<T> {
    private static final List<Setting<?>> ALL = new ArrayList<>();

    public static final Setting<String> LISTEN_HOST = withDefault("listen.host", SettingType.STRING, "127.0.0.1",
            "Address Airlock listens on for PostgreSQL clients.");
    public static final Setting<Integer> LISTEN_PORT = withDefault("listen.port", SettingType.integer(0, 65535), 6432,
            "TCP port Airlock listens on for PostgreSQL clients (0: any free port).");

    public static final Setting<String> LISTEN_PUBLIC_HOST = optional("listen.public_host", SettingType.STRING,
            "Host name agents are told to connect to in their tasks' JDBC URLs; default listen.host (localhost"
            + " when that is a wildcard address).");
    public static final Setting<Integer> LISTEN_IO_THREADS = withDefault("listen.io_threads",
            SettingType.integer(0, 1024), 0,
            "Threads that serve client and production connections; 0 means half the CPU cores (at least one),"
            + " leaving the rest to the gate's workers, the logs and, on a shared machine, PostgreSQL.");
    public static final Setting<String> LISTEN_TRANSPORT = withDefault("listen.transport",
            SettingType.oneOf(Transport.choices()), Transport.AUTO,
            "How those threads wait on sockets: io_uring, epoll or nio (Java NIO); auto takes the first this machine"
            + " allows (containers often forbid io_uring).");
    public static final Setting<String> TLS_CERTIFICATE = optional("tls.certificate", SettingType.STRING,
            "PEM file with the certificate chain offered to clients; needs tls.private_key.");
    public static final Setting<String> TLS_PRIVATE_KEY = optional("tls.private_key", SettingType.STRING,
            "PEM file with the private key (PKCS#8) of tls.certificate.");
    public static final Setting<Boolean> TLS_SELF_SIGNED = withDefault("tls.self_signed", SettingType.BOOLEAN, false,
            "Generate a self-signed certificate at start-up (demos and tests; clients cannot verify it).");
    public static final Setting<Boolean> TLS_REQUIRED = withDefault("tls.required", SettingType.BOOLEAN, false,
            "Refuse clients that do not negotiate TLS.");

    public static final Setting<String> PRODUCTION_HOST = withDefault("production.host", SettingType.STRING, "127.0.0.1",
            "Host name or address of the production PostgreSQL server.");
    public static final Setting<Integer> PRODUCTION_PORT = withDefault("production.port",
            SettingType.integer(1, 65535), 5432, "Port of the production PostgreSQL server.");
    public static final Setting<String> PRODUCTION_DATABASE = required("production.database", SettingType.STRING,
            "The production database; clients must name it in their connection string.");
    public static final Setting<String> PRODUCTION_READONLY_USER = required("production.readonly_user",
            SettingType.STRING, "Role Airlock uses for reads; start-up checks that it cannot write.");
    public static final Setting<SecretReference> PRODUCTION_READONLY_PASSWORD = optional(
            "production.readonly_password", SettingType.SECRET,
            "Password of production.readonly_user; omit when the server trusts the role.");
    public static final Setting<String> PRODUCTION_SSLMODE = withDefault("production.sslmode",
            SettingType.oneOf("disable", "prefer", "require", "verify-full"), "prefer",
            "TLS to production, with libpq's meaning of each mode.");
    public static final Setting<String> PRODUCTION_SSL_ROOT_CERT = optional("production.ssl_root_cert",
            SettingType.STRING, "PEM file of the certificate authorities trusted with sslmode verify-full.");
    public static final Setting<Duration> PRODUCTION_CONNECT_TIMEOUT = withDefault("production.connect_timeout",
            SettingType.DURATION, Duration.ofSeconds(10), "Time allowed to connect and authenticate to production.");
    public static final Setting<Integer> PRODUCTION_POOL_MAX_SIZE = withDefault("production.pool.max_size",
            SettingType.integer(1, 10_000), 100,
            "Most read-only connections Airlock opens to production; each active client session holds one.");
    public static final Setting<Duration> PRODUCTION_POOL_ACQUIRE_TIMEOUT = withDefault(
            "production.pool.acquire_timeout", SettingType.DURATION, Duration.ofSeconds(10),
            "How long a session waits for a production connection before its statement fails with 53300.");

    public static final Setting<Integer> LIMITS_MAX_CLIENT_CONNECTIONS = withDefault(
            "limits.max_client_connections", SettingType.integer(1, 1_000_000), 10_000,
            "Client connections accepted at once; further ones are refused with 53300.");
    public static final Setting<Long> LIMITS_MAX_MESSAGE_SIZE = withDefault("limits.max_message_size",
            SettingType.byteSize(64 * 1024, 1024L * 1024 * 1024), 16L * 1024 * 1024,
            "Largest protocol message accepted from an authenticated client.");
    public static final Setting<Duration> LIMITS_AUTHENTICATION_TIMEOUT = withDefault(
            "limits.authentication_timeout", SettingType.DURATION, Duration.ofSeconds(30),
            "Time a client has from connecting to completing authentication.");

    public static final Setting<Boolean> GATE_ENABLED = withDefault("gate.enabled", SettingType.BOOLEAN, true,
            "Benchmarks only: false relays every statement unchecked. Refused unless AIRLOCK_UNSAFE_BENCHMARK=1 is set.");
    public static final Setting<Duration> GATE_PARSE_TIMEOUT = withDefault("gate.parse_timeout",
            SettingType.DURATION, Duration.ofMillis(100),
            "CPU time a statement may take to parse on a warm parser; slower ones are refused with 54001.");
    public static final Setting<List<String>> GATE_ALLOWED_FUNCTIONS = withDefault("gate.allowed_functions",
            SettingType.STRING_LIST, List.of(),
            "Functions (schema.name) that proven reads may call besides Airlock's built-in list.");
    public static final Setting<Duration> GATE_CATALOG_REFRESH_INTERVAL = withDefault(
            "gate.catalog_refresh_interval", SettingType.DURATION, Duration.ofSeconds(60),
            "How often the gate re-reads production's catalog (functions, operators, views).");
    public static final Setting<List<String>> GATE_SEARCH_PATH_SCHEMAS = withDefault("gate.search_path_schemas",
            SettingType.STRING_LIST, List.of("$user", "public", "pg_catalog", "pg_temp", "information_schema"),
            "Schemas a session may put on its search_path.");
    public static final Setting<Integer> GATE_DECISION_CACHE_SIZE = withDefault("gate.decision_cache_size",
            SettingType.integer(0, 1_000_000), 10_000,
            "Decisions kept per statement fingerprint; 0 turns the cache off.");

    public static final Setting<String> LOG_STATEMENTS_FILE = withDefault("log.statements_file", SettingType.STRING,
            "logs/statements.log", "JSON-lines file recording every statement and the gate's decision.");
    public static final Setting<Long> LOG_STATEMENTS_FILE_SIZE = withDefault("log.statements_file_size",
            SettingType.byteSize(1024 * 1024, 1L << 40), 100L * 1024 * 1024,
            "Size at which the statements file is rotated (ten rotated files are kept).");
    public static final Setting<String> LOG_STATEMENT_TEXT = withDefault("log.statement_text",
            SettingType.oneOf("redacted", "hash"), "redacted",
            "How statements appear in the log: text with literals replaced by ?, or only their SHA-256.");

    public static final Setting<String> PRODUCTION_CHANGE_USER = optional("production.change_user", SettingType.STRING,
            "Role the replay executor applies approved changes with, through its own pool; no session ever uses it."
                    + " Needed when agents are declared.");
    public static final Setting<SecretReference> PRODUCTION_CHANGE_PASSWORD = optional("production.change_password",
            SettingType.SECRET, "Password of production.change_user.");

    public static final Setting<String> SANDBOX_HOST = optional("sandbox.host", SettingType.STRING,
            "The sandbox PostgreSQL server, where agents' changes run first (never production). Needed for agents.");
    public static final Setting<Integer> SANDBOX_PORT = withDefault("sandbox.port", SettingType.integer(1, 65535), 5432,
            "Port of the sandbox server.");
    public static final Setting<String> SANDBOX_ADMIN_USER = withDefault("sandbox.admin_user", SettingType.STRING,
            "postgres", "Superuser of the sandbox server: it creates mirror templates, task databases and roles there.");
    public static final Setting<SecretReference> SANDBOX_ADMIN_PASSWORD = optional("sandbox.admin_password",
            SettingType.SECRET, "Password of sandbox.admin_user.");
    public static final Setting<Duration> SANDBOX_STATEMENT_TIMEOUT = withDefault("sandbox.statement_timeout",
            SettingType.DURATION, Duration.ofSeconds(30), "Longest a change may run in the sandbox.");
    public static final Setting<Duration> SANDBOX_LOCK_TIMEOUT = withDefault("sandbox.lock_timeout",
            SettingType.DURATION, Duration.ofSeconds(5), "Longest a change may wait for a lock in the sandbox.");

    public static final Setting<String> STORE_KIND = withDefault("store.kind", SettingType.oneOf("h2", "postgresql"),
            "h2", "Where change requests live: an H2 file (one Airlock) or a PostgreSQL database (several).");
    public static final Setting<String> STORE_H2_FILE = withDefault("store.h2_file", SettingType.STRING,
            "data/airlock-store", "H2 store file (without extension), for store.kind h2.");
    public static final Setting<String> STORE_URL = optional("store.url", SettingType.STRING,
            "JDBC URL of the PostgreSQL store, a database of its own (never production), for store.kind postgresql.");
    public static final Setting<String> STORE_USER = optional("store.user", SettingType.STRING,
            "Role for the PostgreSQL store.");
    public static final Setting<SecretReference> STORE_PASSWORD = optional("store.password", SettingType.SECRET,
            "Password of store.user.");

    public static final Setting<String> API_HOST = withDefault("api.host", SettingType.STRING, "127.0.0.1",
            "Address the review API listens on.");
    public static final Setting<Integer> API_PORT = withDefault("api.port", SettingType.integer(0, 65535), 8080,
            "Port the review API listens on (0: any free port).");
    public static final Setting<String> API_PUBLIC_URL = optional("api.public_url", SettingType.STRING,
            "Base URL of review links given to agents; default http://api.host:api.port.");

    public static final Setting<Duration> APPROVAL_CHANGE_TTL = withDefault("approval.change_ttl", SettingType.DURATION,
            Duration.ofHours(24), "How long a change waits for its approvals before it expires.");
    public static final Setting<Integer> APPROVAL_QUORUM_LOW = withDefault("approval.quorum.low",
            SettingType.integer(1, 10), 1, "Distinct approvers a change of no or low risk needs.");
    public static final Setting<Integer> APPROVAL_QUORUM_MEDIUM = withDefault("approval.quorum.medium",
            SettingType.integer(1, 10), 1, "Distinct approvers a medium-risk change needs.");
    public static final Setting<Integer> APPROVAL_QUORUM_HIGH = withDefault("approval.quorum.high",
            SettingType.integer(1, 10), 2, "Distinct approvers a high-risk change needs.");
    public static final Setting<Integer> APPROVAL_QUORUM_CRITICAL = withDefault("approval.quorum.critical",
            SettingType.integer(1, 10), 2, "Distinct approvers a critical-risk change needs.");
    public static final Setting<Duration> TASKS_DEFAULT_TTL = withDefault("tasks.default_ttl", SettingType.DURATION,
            Duration.ofHours(1), "How long a task's credential works when its start asks for no TTL.");
    public static final Setting<Duration> TASKS_MAX_TTL = withDefault("tasks.max_ttl", SettingType.DURATION,
            Duration.ofHours(8), "The longest TTL a task may ask for.");
    public static final Setting<String> POLICY_FILE = optional("policy.file", SettingType.STRING,
            "YAML policy file (re-read when it changes; a bad version is refused and the old one stays);"
            + " default: the built-in default policy.");
    public static final Setting<Duration> NOTIFICATIONS_FIRST_RETRY = withDefault("notifications.first_retry",
            SettingType.DURATION, Duration.ofSeconds(1), "Pause before a failed webhook delivery is tried again;"
            + " each later pause is twice the one before.");
    public static final Setting<Integer> NOTIFICATIONS_ATTEMPTS = withDefault("notifications.attempts",
            SettingType.integer(1, 20), 6, "How often a webhook delivery is tried before Airlock gives up on it.");
    public static final Setting<Integer> AUDIT_BACKLOG = withDefault("audit.backlog", SettingType.integer(16, 10_000_000),
            65_536, "Audit records that may wait for the store (down or slow) before statements are refused with 53000.");
    public static final Setting<Boolean> METRICS_ENABLED = withDefault("metrics.enabled", SettingType.BOOLEAN, true,
            "Serve Prometheus metrics at /metrics on the review API's port (unauthenticated; counts and timings only).");
    public static final Setting<Duration> REPLAY_LOCK_TIMEOUT = withDefault("replay.lock_timeout", SettingType.DURATION,
            Duration.ofSeconds(5), "lock_timeout the executor sets around an approved change on production.");
    public static final Setting<Duration> REPLAY_STATEMENT_TIMEOUT = withDefault("replay.statement_timeout",
            SettingType.DURATION, Duration.ofMinutes(5), "statement_timeout the executor sets around an approved change.");

    private final String key;
    private final SettingType<T> type;
    private final T defaultValue;
    private final boolean required;
    private final String description;

    private Setting(String key, SettingType<T> type, T defaultValue, boolean required, String description) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.required = required;
        this.description = description;
    }

    private static <T> Setting<T> withDefault(String key, SettingType<T> type, T defaultValue, String description) {
        return register(new Setting<>(key, type, defaultValue, false, description));
    }

    private static <T> Setting<T> required(String key, SettingType<T> type, String description) {
        return register(new Setting<>(key, type, null, true, description));
    }

    private static <T> Setting<T> optional(String key, SettingType<T> type, String description) {
        return register(new Setting<>(key, type, null, false, description));
    }

    private static <T> Setting<T> register(Setting<T> setting) {
        ALL.add(setting);
        return setting;
    }

    public static List<Setting<?>> all() {
        return Collections.unmodifiableList(ALL);
    }

    public String key() {
        return key;
    }

    public SettingType<T> type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public boolean isRequired() {
        return required;
    }

    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return key;
    }
}
