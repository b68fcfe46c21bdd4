package io.techopt.spark;

/**
 * A task's bad input (--strict, or a log with no request) as it reaches the driver: exit code 3 and the CLI's message.
 * The core's StrictInputException holds a BadLine, which is not serializable, so Spark would pass it on as text only.
 */
final class BadInputFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadInputFailure(String message) {
        super(message, null, false, false);
    }

    /** The CLI's words for a bad input, redacted: {@code bad input at FILE:LINE: REASON (--strict)}. */
    static BadInputFailure of(RuntimeException e) {
        if (e instanceof io.techopt.ingest.StrictInputException s) {
            return new BadInputFailure(io.techopt.core.Redactor.redact("bad input at " + s.line() + " (--strict)"));
        }
        return new BadInputFailure(io.techopt.core.Redactor.redact(String.valueOf(e.getMessage())));
    }

    /** The bad input along a failure's causes and suppressed exceptions (Spark wraps a task's failure), or null. */
    static RuntimeException find(Throwable thrown) {
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        todo.add(thrown);
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof BadInputFailure b) {
                return b;
            }
            if (t instanceof io.techopt.ingest.StrictInputException || t instanceof io.techopt.ingest.NothingReadException) {
                return of((RuntimeException) t);
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            todo.addAll(java.util.List.of(t.getSuppressed()));
        }
        return null;
    }
}
