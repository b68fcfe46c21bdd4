package io.techopt.pricing;

import java.io.IOException;

/** A price catalog that cannot be used as it is. */
public class PriceFormatException extends IOException {
    public PriceFormatException(String message) {
        super(message);
    }
}
