package dev.airlock.sandbox.catalog;

import dev.airlock.sandbox.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * An immutable picture of one database's schema and the cluster roles it involves, as read by
 * {@link dev.airlock.sandbox.catalog.read.CatalogReader}. Every list is sorted by identity, so the
 * canonical JSON (keys sorted, no insignificant whitespace) is a function of the schema alone and
 * its SHA-256 is the schema fingerprint. No OID, statistic or data value is part of it.
 */
public record CatalogSnapshot(List<Role> roles, List<RoleMembership> memberships, List<Schema> schemas,
                              List<Extension> extensions, List<UserType> types, List<Sequence> sequences,
                              List<Table> tables, List<View> views, List<Routine> routines,
                              List<Operator> operators, List<DefaultPrivilege> defaultPrivileges,
                              List<UnmodeledObject> unmodeled) {

    public CatalogSnapshot {
        roles = List.copyOf(roles);
        memberships = List.copyOf(memberships);
        schemas = List.copyOf(schemas);
        extensions = List.copyOf(extensions);
        types = List.copyOf(types);
        sequences = List.copyOf(sequences);
        tables = List.copyOf(tables);
        views = List.copyOf(views);
        routines = List.copyOf(routines);
        operators = List.copyOf(operators);
        defaultPrivileges = List.copyOf(defaultPrivileges);
        unmodeled = List.copyOf(unmodeled);
    }

    public String canonicalJson() {
        return CanonicalJson.write(this);
    }

    /** SHA-256 of the canonical JSON, lower-case hex: the schema fingerprint. */
    public String fingerprint() {
        return sha256(canonicalJson());
    }

    public static CatalogSnapshot fromJson(String json) {
        return CanonicalJson.read(json, CatalogSnapshot.class);
    }

    public static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
