package dev.airlock.sandbox.bench;

import dev.airlock.sandbox.Sandbox;
import dev.airlock.sandbox.access.EffectiveAccess;
import dev.airlock.sandbox.catalog.CatalogSnapshot;
import dev.airlock.sandbox.change.ChangeSet;
import dev.airlock.sandbox.diff.SchemaDiff;
import dev.airlock.sandbox.effect.Effect;
import dev.airlock.sandbox.effect.EffectOptions;
import dev.airlock.sandbox.embedded.EmbeddedServer;
import dev.airlock.sandbox.samples.PgDumpLoader;
import dev.airlock.sandbox.server.SandboxSettings;
import dev.airlock.sandbox.task.TaskSandbox;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sandbox benchmark (a command-line program; {@code bench/sandbox-bench.sh} runs it). For each
 * workload (a generated schema of N tables, or GitLab's structure.sql) on a fresh embedded
 * "production": catalog snapshot time, in-memory schema and access diff time, pg_dump -s time
 * when a PostgreSQL 15 pg_dump is present, mirror build time, task clone time, and DDL received
 * to effect ready with a warm template (first effect of a task, which reads the task's before
 * snapshot, and later ones). Medians of repeated runs after warm-up.
 */
public final class SandboxBenchmark {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final String CHANGE = "ALTER TABLE %s ADD COLUMN bench_extra integer";

    private record Row(String workload, int tables, double snapshotMs, double schemaDiffMs, double accessDiffMs,
                       Double pgDumpMs, double mirrorMs, double cloneMs, double firstEffectMs, double effectMs) {
    }

    private SandboxBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> workloads = args.length > 0 ? Arrays.asList(args) : List.of("10", "100", "1000", "10000", "gitlab");
        Path pgDump = Path.of(System.getenv().getOrDefault("PG_DUMP", "/usr/lib/postgresql/15/bin/pg_dump"));
        Map<String, String> settings = Map.of("max_connections", "60", "max_locks_per_transaction", "1024");
        List<Row> rows = new ArrayList<>();
        try (EmbeddedServer production = EmbeddedServer.start("bench-production", settings);
             EmbeddedServer sandboxServer = EmbeddedServer.start("bench-sandbox", settings);
             Sandbox sandbox = new Sandbox(SandboxSettings.embedded(sandboxServer, "postgres")
                     .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(5)))) {
            for (String workload : workloads) {
                rows.add(run(workload, production, sandbox, Files.isExecutable(pgDump) ? pgDump : null));
                print(rows);
            }
        }
        String report = table(rows);
        Path results = Path.of(System.getProperty("bench.results", "bench/results"));
        Files.createDirectories(results);
        Files.writeString(results.resolve("sandbox-" + System.currentTimeMillis() + ".md"), report);
        System.out.println(report);
    }

    private static Row run(String workload, EmbeddedServer production, Sandbox sandbox, Path pgDump) throws Exception {
        String database = "bench_" + workload;
        production.execute("postgres", "CREATE DATABASE " + database);
        String changedTable;
        try (Connection connection = production.superuserConnection(database)) {
            if (workload.equals("gitlab")) {
                try (InputStream in = SandboxBenchmark.class.getResourceAsStream("/schemas/gitlab-structure.sql")) {
                    PgDumpLoader.load(connection, new InputStreamReader(in, StandardCharsets.UTF_8));
                }
                changedTable = "public.projects";
            } else {
                try (Statement statement = connection.createStatement()) {
                    for (String script : SchemaGenerator.scripts(Integer.parseInt(workload), 250)) {
                        statement.execute(script);
                    }
                }
                changedTable = SchemaGenerator.table(0);
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("ANALYZE");
            }
        }
        int repeats = workload.equals("10000") ? 3 : 7;
        CatalogSnapshot[] snapshots = new CatalogSnapshot[2];
        double snapshotMs;
        try (Connection connection = production.superuserConnection(database)) {
            snapshots[0] = Sandbox.snapshot(connection, TIMEOUT);
            snapshotMs = median(repeats, () -> snapshots[1] = Sandbox.snapshot(connection, TIMEOUT));
        }
        double schemaDiffMs = median(repeats, () -> SchemaDiff.between(snapshots[0], snapshots[1]));
        double accessDiffMs = median(repeats, () -> EffectiveAccess.diff(snapshots[0], snapshots[1]));
        Double pgDumpMs = pgDump == null ? null : median(3, () -> pgDump(pgDump, production, database));
        double mirrorMs = time(() -> sandbox.ensureMirror(snapshots[0]));
        String task = "bench-" + workload;
        TaskSandbox[] handle = new TaskSandbox[1];
        double cloneMs = time(() -> handle[0] = sandbox.createTask(task, snapshots[0]));
        ChangeSet change = ChangeSet.of(String.format(Locale.ROOT, CHANGE, changedTable));
        Effect[] effect = new Effect[1];
        double firstEffectMs = time(() -> effect[0] = sandbox.computeEffect(handle[0], change, EffectOptions.discard(null)));
        if (effect[0].outcome() != Effect.Outcome.SUCCEEDED || effect[0].schemaChanges().isEmpty()) {
            throw new IllegalStateException("benchmark change did not apply: " + effect[0].statements());
        }
        double effectMs = median(repeats, () -> sandbox.computeEffect(handle[0], change, EffectOptions.discard(null)));
        sandbox.dropTask(task);
        return new Row(workload, snapshots[0].tables().size(), snapshotMs, schemaDiffMs, accessDiffMs, pgDumpMs,
                mirrorMs, cloneMs, firstEffectMs, effectMs);
    }

    private static void pgDump(Path pgDump, EmbeddedServer server, String database) throws Exception {
        Process process = new ProcessBuilder(pgDump.toString(), "-s", "-h", server.host(), "-p",
                Integer.toString(server.port()), "-U", EmbeddedServer.SUPERUSER, "-f", "/dev/null", database)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("pg_dump failed: " + output);
        }
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    private static double time(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(int repeats, Work work) throws Exception {
        work.run();
        double[] times = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            times[i] = time(work);
        }
        Arrays.sort(times);
        return times[repeats / 2];
    }

    private static void print(List<Row> rows) {
        System.out.println(table(rows));
    }

    private static String table(List<Row> rows) {
        StringBuilder out = new StringBuilder("| workload | tables | snapshot ms | schema diff ms | access diff ms"
                + " | diff / snapshot | pg_dump -s ms | mirror build ms | task clone ms | first effect ms | effect ms |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.1f | %.1f | %.1f %% | %s | %.0f | %.0f | %.0f | %.0f |%n",
                    r.workload(), r.tables(), r.snapshotMs(), r.schemaDiffMs(), r.accessDiffMs(),
                    100 * (r.schemaDiffMs() + r.accessDiffMs()) / r.snapshotMs(),
                    r.pgDumpMs() == null ? "n/a" : String.format(Locale.ROOT, "%.0f", r.pgDumpMs()),
                    r.mirrorMs(), r.cloneMs(), r.firstEffectMs(), r.effectMs()));
        }
        return out.toString();
    }
}
