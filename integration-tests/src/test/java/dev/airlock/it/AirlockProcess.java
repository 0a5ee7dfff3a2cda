package dev.airlock.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code airlock} executable as a newcomer runs it: {@code java -jar proxy/target/airlock.jar},
 * in its own process, with its own working directory and environment. Output goes to files so a
 * long-running command (demo, serve) can be read while it runs.
 */
public final class AirlockProcess implements AutoCloseable {
    private static final Path JAR = Path.of("../proxy/target/airlock.jar").toAbsolutePath().normalize();

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private AirlockProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public static AirlockProcess start(Path workDir, Map<String, String> environment, String stdin, String... arguments)
            throws IOException {
        return start(workDir, environment, stdin, command(arguments));
    }

    /**
     * Runs a command to completion in a pseudo-terminal (util-linux {@code script}), as an operator
     * at a terminal runs it: {@code System.console()} is there, and {@code stdin} is what they type.
     */
    public static AirlockProcess runInTerminal(Path workDir, Map<String, String> environment, String stdin,
                                               String... arguments) throws IOException, InterruptedException {
        StringBuilder line = new StringBuilder();
        for (String word : command(arguments)) {
            line.append(line.length() == 0 ? "" : " ").append("'").append(word.replace("'", "'\\''")).append("'");
        }
        AirlockProcess started = start(workDir, environment, stdin, List.of("script", "-qec", line.toString(), "/dev/null"));
        started.awaitExit(Duration.ofMinutes(2));
        return started;
    }

    private static List<String> command(String... arguments) {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx512m", "-jar", JAR.toString()));
        command.addAll(List.of(arguments));
        return command;
    }

    private static AirlockProcess start(Path workDir, Map<String, String> environment, String stdin, List<String> command)
            throws IOException {
        Path stdout = Files.createTempFile(workDir, "airlock", ".out");
        Path stderr = Files.createTempFile(workDir, "airlock", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        return new AirlockProcess(process, stdout, stderr);
    }

    /** Runs a command to completion. */
    public static AirlockProcess run(Path workDir, Map<String, String> environment, String stdin, String... arguments)
            throws IOException, InterruptedException {
        AirlockProcess started = start(workDir, environment, stdin, arguments);
        started.awaitExit(Duration.ofMinutes(2));
        return started;
    }

    public int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            String output = stdout() + stderr();
            close(); // SIGTERM before SIGKILL: a demo that missed its signal still stops the PostgreSQL it started
            throw new AssertionError("airlock did not exit within " + limit + "; output: " + output);
        }
        return process.exitValue();
    }

    /** Waits until standard output contains the text; fails if the process ends first. */
    public void awaitOutput(String text, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!stdout().contains(text)) {
            if (!process.isAlive()) {
                throw new AssertionError("airlock exited with " + process.exitValue() + " before printing '" + text
                        + "'; output: " + stdout() + stderr());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("airlock did not print '" + text + "' within " + limit + "; output: " + stdout());
            }
            Thread.sleep(200);
        }
    }

    /** Waits until standard error (the log) matches {@code pattern}; returns its first group. */
    public String awaitLog(Pattern pattern, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Matcher found = pattern.matcher(stderr());
            if (found.find()) {
                return found.group(1);
            }
            if (!process.isAlive()) {
                throw new AssertionError("airlock exited with " + process.exitValue() + " before logging " + pattern
                        + "; log: " + stderr());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("airlock did not log " + pattern + " within " + limit + "; log: " + stderr());
            }
            Thread.sleep(200);
        }
    }

    public int exitCode() {
        return process.exitValue();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    /**
     * Stops the process as an operator would (SIGTERM, so the demo stops its embedded PostgreSQL
     * servers), and kills it if it has not stopped within 30 s; a test that failed half-way leaves
     * nothing running.
     */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
