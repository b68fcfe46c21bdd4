package io.techopt.ingest;

/** A skipped line: where it was and why, never what it said. */
public record BadLine(String file, long line, String reason) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + reason;
    }
}
