package io.techopt.ingest;

/** A line or document that is not a valid record; the message never quotes the input itself. */
public class BadInputException extends Exception {
    public BadInputException(String reason) {
        super(reason, null, false, false);
    }
}
