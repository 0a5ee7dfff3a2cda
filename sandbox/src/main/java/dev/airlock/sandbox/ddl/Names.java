package dev.airlock.sandbox.ddl;

import dev.airlock.sandbox.sql.Identifiers;

/** Quoting helpers for rendered DDL. */
final class Names {
    private Names() {
    }

    static String role(String name) {
        return name.equals("PUBLIC") ? "\"PUBLIC\"" : Identifiers.quote(name);
    }

    static String qualified(String schema, String name) {
        return Identifiers.qualified(schema, name);
    }

    static String comment(String what, String comment) {
        return "COMMENT ON " + what + " IS " + Identifiers.literal(comment);
    }

    /** Deparsed definitions come with or without a final semicolon; statements here never have one. */
    static String withoutSemicolon(String definition) {
        String text = definition.strip();
        return text.endsWith(";") ? text.substring(0, text.length() - 1).stripTrailing() : text;
    }
}
