package dev.airlock.approver.policy;

/**
 * A policy file that was refused. The message reads {@code file:line: where: what}, e.g.
 * {@code policy.yaml:14: statement_rules[2] 'no-drop': when: undefined field 'nam'}, so an operator
 * can go straight to the line.
 */
public final class InvalidPolicyException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    public InvalidPolicyException(String file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    /** One-based line in the file. */
    public int line() {
        return line;
    }
}
