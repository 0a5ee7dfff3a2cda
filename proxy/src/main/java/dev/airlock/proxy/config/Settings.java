package dev.airlock.proxy.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The frozen values of every {@link Setting}, checked at start-up. */
public final class Settings {
    private final Map<Setting<?>, Object> values;

    Settings(Map<Setting<?>, Object> values) {
        this.values = Collections.unmodifiableMap(new HashMap<>(values));
    }

    /** The value of a setting that is required or has a default. */
    public <T> T get(Setting<T> setting) {
        @SuppressWarnings("unchecked")
        T value = (T) values.get(setting);
        if (value == null) {
            throw new IllegalStateException(setting.key() + " is optional and has no value; use find()");
        }
        return value;
    }

    /** The value of an optional setting, if the configuration gives one. */
    public <T> Optional<T> find(Setting<T> setting) {
        @SuppressWarnings("unchecked")
        T value = (T) values.get(setting);
        return Optional.ofNullable(value);
    }

    /** Settings with every default and the given values; for demos and tests. */
    public static Settings of(Map<Setting<?>, Object> given) {
        Map<Setting<?>, Object> values = new HashMap<>();
        for (Setting<?> setting : Setting.all()) {
            if (setting.defaultValue() != null) {
                values.put(setting, setting.defaultValue());
            }
        }
        values.putAll(given);
        for (Setting<?> setting : Setting.all()) {
            if (setting.isRequired() && values.get(setting) == null) {
                throw new ConfigException("missing required setting " + setting.key());
            }
        }
        return new Settings(values);
    }
}
