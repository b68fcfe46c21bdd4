package io.techopt.cli;

import io.techopt.pricing.PriceBook;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Shared pricing options: extra catalogs and the date to price at. */
public final class PriceOptions {
    @Option(names = "--prices", paramLabel = "FILE",
            description = "Extra price catalog (LiteLLM's model_prices_and_context_window.json, or techopt's JSON/YAML "
                    + "format); repeatable, later files win per model.")
    List<Path> prices = new ArrayList<>();

    @Option(names = "--price-date", paramLabel = "DATE",
            description = "Price every request at the prices in effect on DATE (dated catalogs); default: each at its own date.")
    String priceDate;

    PriceBook load() throws IOException {
        PriceBook book = PriceBook.builtin();
        for (Path p : prices) {
            book.load(p);
        }
        return book;
    }

    LocalDate date() {
        if (priceDate == null) {
            return null;
        }
        try {
            return LocalDate.parse(priceDate);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--price-date must be YYYY-MM-DD, not '" + priceDate + "'");
        }
    }
}
