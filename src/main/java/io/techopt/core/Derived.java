package io.techopt.core;

import java.util.Arrays;

/**
 * What sinks derived from one record on a parser thread ({@code RecordSink.prepare}), read back on the reading thread
 * ({@code accept}): an immutable set of typed values, each under its sink's own {@link Key}. Two sinks wired together
 * never see or overwrite each other's value, whatever their order.
 */
public final class Derived {
    /** Nothing derived: every record starts with this. */
    public static final Derived NONE = new Derived(new Key<?>[0], new Object[0]);

    /** The slot of one sink's value; compared by identity, so each sink declares its own constant. */
    public static final class Key<T> {
        private final String name;
        private final Class<T> type;

        private Key(String name, Class<T> type) {
            this.name = name;
            this.type = type;
        }

        public static <T> Key<T> of(String name, Class<T> type) {
            return new Key<>(name, type);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final Key<?>[] keys;
    private final Object[] values;

    private Derived(Key<?>[] keys, Object[] values) {
        this.keys = keys;
        this.values = values;
    }

    /** The value under {@code key}, or null when that sink derived nothing for the record. */
    public <T> T get(Key<T> key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == key) {
                return key.type.cast(values[i]);
            }
        }
        return null;
    }

    /** These values with {@code key} set to {@code value} (null removes it). */
    public <T> Derived with(Key<T> key, T value) {
        int at = -1;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == key) {
                at = i;
            }
        }
        if (value == null) {
            if (at < 0) {
                return this;
            }
            Key<?>[] k = new Key<?>[keys.length - 1];
            Object[] v = new Object[keys.length - 1];
            for (int i = 0, j = 0; i < keys.length; i++) {
                if (i != at) {
                    k[j] = keys[i];
                    v[j++] = values[i];
                }
            }
            return k.length == 0 ? NONE : new Derived(k, v);
        }
        key.type.cast(value);
        if (at >= 0) {
            Object[] v = values.clone();
            v[at] = value;
            return new Derived(keys, v);
        }
        Key<?>[] k = Arrays.copyOf(keys, keys.length + 1);
        Object[] v = Arrays.copyOf(values, values.length + 1);
        k[keys.length] = key;
        v[values.length] = value;
        return new Derived(k, v);
    }

    /** These values and {@code other}'s; where both hold a key, {@code other}'s value. */
    public Derived and(Derived other) {
        if (other.keys.length == 0) {
            return this;
        }
        if (keys.length == 0) {
            return other;
        }
        Derived d = this;
        for (int i = 0; i < other.keys.length; i++) {
            d = d.put(other.keys[i], other.values[i]);
        }
        return d;
    }

    @SuppressWarnings("unchecked")
    private <T> Derived put(Key<T> key, Object value) {
        return with(key, (T) value);
    }

    public boolean isEmpty() {
        return keys.length == 0;
    }
}
