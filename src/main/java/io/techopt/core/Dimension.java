package io.techopt.core;

import java.util.Locale;

/** What analyze can group by. */
public enum Dimension {
    MODEL, PROVIDER, USER, TEAM, TASK_TYPE, SESSION, DAY;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Dimension parse(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        if (v.equals("task")) {
            return TASK_TYPE;
        }
        if (v.equals("session_id")) {
            return SESSION;
        }
        for (Dimension d : values()) {
            if (d.id().equals(v)) {
                return d;
            }
        }
        throw new IllegalArgumentException("cannot group by '" + s + "' (expected model, provider, user, team, "
                + "task_type, session or day; join several with '+', e.g. team+model)");
    }
}
