package dev.healing.api;

import java.util.Objects;
import java.util.Optional;

/** {@link ModelCalibrations#none()}: keeps nothing. */
enum NoCalibrations implements ModelCalibrations {
    INSTANCE;

    @Override
    public Optional<String> find(String key) {
        Objects.requireNonNull(key, "key");
        return Optional.empty();
    }

    @Override
    public void save(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
