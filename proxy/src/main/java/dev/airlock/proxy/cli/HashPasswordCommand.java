package dev.airlock.proxy.cli;

import dev.airlock.approver.credential.ScramVerifier;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code airlock hash-password}: reads a password from the terminal (or one line of standard
 * input) and prints its SCRAM-SHA-256 verifier for an identity's {@code password_verifier}. The
 * password is never taken from the command line, where other users could see it.
 */
@Command(name = "hash-password", mixinStandardHelpOptions = true,
        description = "Print the SCRAM-SHA-256 verifier of a password read from the terminal or standard input.")
final class HashPasswordCommand implements Callable<Integer> {
    @Override
    public Integer call() throws IOException {
        char[] password;
        Console console = System.console();
        if (console != null) {
            password = console.readPassword("Password: ");
        } else {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? new char[0] : line.toCharArray();
        }
        if (password == null || password.length == 0) {
            System.err.println("airlock: no password given");
            return ExitCodes.USAGE;
        }
        System.out.println(ScramVerifier.fromPassword(password, new SecureRandom()).format());
        return ExitCodes.OK;
    }
}
