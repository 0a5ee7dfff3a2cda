package dev.airlock.proxy.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a setting's value is written in the configuration file and checked. {@code parse} receives
 * the YAML scalar (String, Integer, Boolean...) or list, and either returns the typed value or
 * throws an IllegalArgumentException whose message says what was expected.
 */
public interface SettingType<T> {

    T parse(Object raw);

    /** How the expected form is described in error messages and in {@code airlock serve --help-settings}. */
    String describe();

    SettingType<String> STRING = new SettingType<>() {
        @Override
        public String parse(Object raw) {
            if (raw instanceof String || raw instanceof Number || raw instanceof Boolean) {
                String value = raw.toString();
                if (value.isBlank()) {
                    throw new IllegalArgumentException("must not be empty");
                }
                return value;
            }
            throw new IllegalArgumentException("expected a string");
        }

        @Override
        public String describe() {
            return "string";
        }
    };

    SettingType<Boolean> BOOLEAN = new SettingType<>() {
        @Override
        public Boolean parse(Object raw) {
            if (raw instanceof Boolean value) {
                return value;
            }
            throw new IllegalArgumentException("expected true or false");
        }

        @Override
        public String describe() {
            return "true | false";
        }
    };

    SettingType<Duration> DURATION = new SettingType<>() {
        private final Pattern form = Pattern.compile("(\\d+)\\s*(ms|s|min|h)");

        @Override
        public Duration parse(Object raw) {
            Matcher matcher = form.matcher(raw.toString().trim());
            if (!matcher.matches()) {
                throw new IllegalArgumentException("expected a duration such as 250ms, 30s, 5min or 1h");
            }
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "min" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }

        @Override
        public String describe() {
            return "duration (250ms, 30s, 5min, 1h)";
        }
    };

    /** A list of non-empty strings, written as a YAML sequence. */
    SettingType<List<String>> STRING_LIST = new SettingType<>() {
        @Override
        public List<String> parse(Object raw) {
            if (!(raw instanceof List<?> items)) {
                throw new IllegalArgumentException("expected a list");
            }
            List<String> values = new ArrayList<>();
            for (Object item : items) {
                values.add(STRING.parse(item));
            }
            return List.copyOf(values);
        }

        @Override
        public String describe() {
            return "list of strings";
        }
    };

    /** A secret, never written into the file itself: {@code env:NAME} or {@code file:/path}. */
    SettingType<SecretReference> SECRET = new SettingType<>() {
        @Override
        public SecretReference parse(Object raw) {
            return SecretReference.parse(STRING.parse(raw));
        }

        @Override
        public String describe() {
            return "env:VARIABLE or file:/path (never the secret itself)";
        }
    };

    static SettingType<Integer> integer(int min, int max) {
        return new SettingType<>() {
            @Override
            public Integer parse(Object raw) {
                if (!(raw instanceof Integer value)) {
                    throw new IllegalArgumentException("expected a whole number between " + min + " and " + max);
                }
                if (value < min || value > max) {
                    throw new IllegalArgumentException(value + " is outside " + min + ".." + max);
                }
                return value;
            }

            @Override
            public String describe() {
                return "integer " + min + ".." + max;
            }
        };
    }

    static SettingType<Long> byteSize(long min, long max) {
        Pattern form = Pattern.compile("(\\d+)\\s*(B|kB|MB|GB)?");
        return new SettingType<>() {
            @Override
            public Long parse(Object raw) {
                Matcher matcher = form.matcher(raw.toString().trim());
                if (!matcher.matches()) {
                    throw new IllegalArgumentException("expected a size such as 8192, 64kB, 16MB or 1GB");
                }
                long unit = switch (matcher.group(2) == null ? "B" : matcher.group(2)) {
                    case "kB" -> 1024L;
                    case "MB" -> 1024L * 1024;
                    case "GB" -> 1024L * 1024 * 1024;
                    default -> 1L;
                };
                long value = Math.multiplyExact(Long.parseLong(matcher.group(1)), unit);
                if (value < min || value > max) {
                    throw new IllegalArgumentException(value + " bytes is outside " + min + ".." + max);
                }
                return value;
            }

            @Override
            public String describe() {
                return "size in bytes, kB, MB or GB";
            }
        };
    }

    static SettingType<String> oneOf(String... choices) {
        Set<String> allowed = Set.of(choices);
        return new SettingType<>() {
            @Override
            public String parse(Object raw) {
                String value = STRING.parse(raw).toLowerCase(Locale.ROOT);
                if (!allowed.contains(value)) {
                    throw new IllegalArgumentException("expected one of " + String.join(", ", choices));
                }
                return value;
            }

            @Override
            public String describe() {
                return String.join(" | ", choices);
            }
        };
    }
}
