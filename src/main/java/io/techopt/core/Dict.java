package io.techopt.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Interns the distinct values of a column; names are redacted once, when first seen. */
public final class Dict {
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private final List<String> raws = new ArrayList<>();

    /** Id of a value; -1 for null. */
    public int id(String s) {
        if (s == null) {
            return -1;
        }
        Integer id = ids.get(s);
        if (id == null) {
            id = names.size();
            ids.put(s, id);
            names.add(Redactor.redact(s));
            raws.add(s);
        }
        return id;
    }

    /** The raw value is needed only to price a model; everything shown goes through {@link #name}. */
    public String name(int id) {
        return id < 0 ? null : names.get(id);
    }

    public int size() {
        return names.size();
    }

    public String raw(int id) {
        return id < 0 ? null : raws.get(id);
    }
}
