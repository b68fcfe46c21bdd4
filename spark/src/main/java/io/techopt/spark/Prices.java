package io.techopt.spark;

import io.techopt.pricing.PriceBook;
import io.techopt.pricing.Pricer;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The price book of a job as {@code techopt ingest}'s {@code --prices FILE... --price-date DATE} make it: the catalog
 * files are read on the driver and their bytes shipped to the executors (which may not see the driver's disk), each
 * loaded there under its own file name (the catalog's name in the manifest).
 */
record Prices(List<String> names, List<byte[]> contents, String priceDate) implements Serializable {
    static Prices of(List<Path> files, String priceDate) throws IOException {
        List<String> names = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        for (Path f : files) {
            names.add(f.getFileName().toString());
            contents.add(Files.readAllBytes(f));
        }
        if (priceDate != null) {
            try {
                LocalDate.parse(priceDate);
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("--price-date must be YYYY-MM-DD, not '" + priceDate + "'");
            }
        }
        Prices p = new Prices(List.copyOf(names), List.copyOf(contents), priceDate);
        p.pricer(); // a catalog that does not load fails here, on the driver, before any task starts
        return p;
    }

    Pricer pricer() throws IOException {
        PriceBook book = PriceBook.builtin();
        if (!names.isEmpty()) {
            Path dir = Files.createTempDirectory("techopt-spark-prices");
            try {
                for (int i = 0; i < names.size(); i++) {
                    Path f = dir.resolve(names.get(i));
                    Files.write(f, contents.get(i));
                    try {
                        book.load(f);
                    } finally {
                        Files.deleteIfExists(f); // else the directory's removal below hid why the catalog did not load
                    }
                }
            } finally {
                Files.deleteIfExists(dir);
            }
        }
        return new Pricer(book, priceDate == null ? null : LocalDate.parse(priceDate));
    }
}
