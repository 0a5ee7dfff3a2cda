package dev.airlock.sandbox.diff;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff of two short texts in unified style ({@code -} removed, {@code +} added, a space
 * for unchanged), from a longest-common-subsequence table. Object DDL is a few dozen lines at
 * most, so the quadratic table is cheap.
 */
public final class UnifiedDiff {
    private UnifiedDiff() {
    }

    public static String of(String before, String after) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j)) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                out.append("  ").append(a.get(i++)).append('\n');
                j++;
            } else if (i < a.size() && (j == b.size() || common[i + 1][j] >= common[i][j + 1])) {
                out.append("- ").append(a.get(i++)).append('\n');
            } else {
                out.append("+ ").append(b.get(j++)).append('\n');
            }
        }
        return out.toString();
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        if (text != null && !text.isEmpty()) {
            for (String line : text.split("\n", -1)) {
                lines.add(line);
            }
            if (lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
        }
        return lines;
    }
}
