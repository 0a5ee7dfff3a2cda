package dev.airlock.proxy.cli;

import dev.airlock.approver.api.BearerTokens;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code airlock new-approver-token}: a random 256-bit bearer token for a reviewer, printed once,
 * and the SHA-256 that goes into the configuration's {@code approvers} list. Airlock keeps only
 * the hash.
 */
@Command(name = "new-approver-token", mixinStandardHelpOptions = true,
        description = "Print a new random reviewer token (give it to the reviewer) and its SHA-256 (for approvers.token_sha256).")
final class NewApproverTokenCommand implements Callable<Integer> {
    private static final int TOKEN_BYTES = 32;

    @Override
    public Integer call() {
        byte[] bytes = new byte[TOKEN_BYTES];
        new SecureRandom().nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        System.out.println("token:        " + token);
        System.out.println("token_sha256: " + BearerTokens.hash(token));
        return ExitCodes.OK;
    }
}
