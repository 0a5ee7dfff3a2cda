package dev.airlock.sandbox.change;

import java.util.Arrays;

/**
 * One bind parameter as the client sent it in Bind: its type OID (0 when the server infers it),
 * format code (0 text, 1 binary) and value bytes (null for SQL NULL).
 */
public record BindParameter(int typeOid, int formatCode, byte[] value) {
    public BindParameter {
        if (formatCode != 0 && formatCode != 1) {
            throw new IllegalArgumentException("format code must be 0 (text) or 1 (binary), not " + formatCode);
        }
        value = value == null ? null : value.clone();
    }

    @Override
    public byte[] value() {
        return value == null ? null : value.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BindParameter p && p.typeOid == typeOid && p.formatCode == formatCode
                && Arrays.equals(p.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * typeOid + formatCode) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "BindParameter[type=" + typeOid + ", format=" + formatCode + ", "
                + (value == null ? "NULL" : value.length + " bytes") + "]";
    }
}
