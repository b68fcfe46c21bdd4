package io.techopt.ingest;

/** Under --strict, the first bad line ends the run (exit code 3). */
public class StrictInputException extends RuntimeException {
    private final BadLine line;

    public StrictInputException(BadLine line) {
        super("bad input at " + line, null, false, false);
        this.line = line;
    }

    public BadLine line() {
        return line;
    }
}
