package dev.airlock.sandbox.catalog;

import java.util.List;

/** A row-level security policy; {@code command} is ALL, SELECT, INSERT, UPDATE or DELETE. */
public record Policy(String name, String command, boolean permissive, List<String> roles, String using,
                     String withCheck, String comment) {
}
