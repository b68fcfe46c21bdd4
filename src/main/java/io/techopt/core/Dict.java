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
    /** Redacted names -> the first id shown so, and the later ids shown the same (sparse: only values holding a secret). */
    private final Map<String, Integer> firstRedacted = new HashMap<>();
    private final Map<Integer, Integer> shownAs = new HashMap<>();

    /** Id of a value; -1 for null. */
    public int id(String s) {
        if (s == null) {
            return -1;
        }
        Integer id = ids.get(s);
        if (id == null) {
            id = names.size();
            ids.put(s, id);
            String name = Redactor.label(s);
            names.add(name);
            raws.add(s);
            if (!name.equals(s)) {
                int first = firstRedacted.computeIfAbsent(name, k -> names.size() - 1);
                if (first != id) {
                    shownAs.put(id, first);
                }
            }
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

    /**
     * The id of the first value shown as this one is (leo@example.com, LEO@EXAMPLE.COM and leo＠example.com are one
     * pseudonym): a group keyed by it is one row per label, not rows a script reading them by label overwrites
     * (review r16 #8); -1 for null.
     */
    public int shown(int id) {
        return id < 0 ? id : shownAs.getOrDefault(id, id);
    }

    public String raw(int id) {
        return id < 0 ? null : raws.get(id);
    }
}
