package dev.airlock.proxy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.approver.audit.AuditExporter;
import dev.airlock.approver.audit.AuditRecord;
import dev.airlock.approver.audit.AuditTable;
import dev.airlock.approver.audit.AuditVerdict;
import dev.airlock.approver.audit.AuditVerifier;
import dev.airlock.proxy.config.AirlockConfig;
import dev.airlock.proxy.config.ConfigLoader;
import dev.airlock.proxy.server.ControlPlaneFactory;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code airlock audit verify|export}: the audit log's hash chain, checked or written out as JSON lines. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Check or export the tamper-evident audit log.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class})
final class AuditCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static AuditTable open(Path config) {
        AirlockConfig loaded = ConfigLoader.load(config, System.getenv());
        return AuditTable.open(ControlPlaneFactory.store(loaded.settings(), System.getenv()));
    }

    /** How many records the chain holds: the last one's sequence. */
    private static long total(AuditTable table) {
        return table.last().map(AuditRecord::sequence).orElse(0L);
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Walk the chain and name the first bad record. Exit code 0: intact; 5: broken; 3: bad configuration.")
    static final class Verify implements Callable<Integer> {
        @Option(names = "--config", required = true, paramLabel = "FILE", description = "Configuration file (YAML).")
        private Path config;

        @Option(names = "--json", description = "Print the verdict as JSON.")
        private boolean json;

        @Override
        public Integer call() throws Exception {
            AuditVerdict verdict;
            try (AuditTable table = open(config); Progress progress = Progress.of("verified", total(table))) {
                verdict = new AuditVerifier(table).verify(progress);
            }
            if (verdict instanceof AuditVerdict.Broken broken) {
                System.out.println(json ? new ObjectMapper().writeValueAsString(Map.of("intact", false,
                        "sequence", broken.sequence(), "damage", broken.damage().name(), "reason", broken.reason()))
                        : "audit chain BROKEN at record " + broken.sequence() + " (" + broken.damage().name()
                                .toLowerCase(Locale.ROOT) + "): " + broken.reason());
                return ExitCodes.CHAIN_BROKEN;
            }
            long count = ((AuditVerdict.Intact) verdict).count();
            System.out.println(json ? new ObjectMapper().writeValueAsString(Map.of("intact", true, "records", count))
                    : "audit chain intact: " + count + " records");
            return ExitCodes.OK;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write every record, with its hashes, as JSON lines (to standard output unless --output).")
    static final class Export implements Callable<Integer> {
        @Option(names = "--config", required = true, paramLabel = "FILE", description = "Configuration file (YAML).")
        private Path config;

        @Option(names = "--output", paramLabel = "FILE", description = "Write to this file instead of standard output.")
        private Path output;

        @Override
        public Integer call() throws Exception {
            try (AuditTable table = open(config)) {
                long written;
                if (output != null) {
                    try (Progress progress = Progress.of("exported", total(table))) {
                        written = new AuditExporter(table).export(output, progress);
                    }
                } else {
                    Writer out = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
                    written = new AuditExporter(table).export(out);
                    out.flush();
                }
                System.err.println("exported " + written + " records");
            }
            return ExitCodes.OK;
        }
    }
}
