package dev.airlock.sandbox.diff;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnifiedDiffTest {
    @Test
    void marksRemovedAddedAndUnchangedLines() {
        assertThat(UnifiedDiff.of("a\nb\nc\n", "a\nx\nc\nd\n")).isEqualTo("  a\n- b\n+ x\n  c\n+ d\n");
    }

    @Test
    void anAddedObjectIsAllAdditions() {
        assertThat(UnifiedDiff.of("", "CREATE TABLE t ();\n")).isEqualTo("+ CREATE TABLE t ();\n");
    }
}
