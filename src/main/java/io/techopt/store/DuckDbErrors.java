package io.techopt.store;

import io.techopt.core.Redactor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;

/**
 * DuckDB's errors as one line a user can act on, for every place the store and the SQL analysis meet one. DuckDB's own
 * text runs over several lines (the SQL it failed on with a caret under it, "Possible solutions", candidate columns),
 * and a damaged Parquet file can put its raw bytes in it: printed, that was a line of escapes and SQL. The whole text
 * stays in the exception's cause (TECHOPT_DEBUG=1 prints it).
 */
public final class DuckDbErrors {
    private DuckDbErrors() {
    }

    /** {@code doing} (say "could not read the store DIR"), then what went wrong. */
    public static IOException failure(String doing, SQLException e) {
        return failure(doing, e, null, null);
    }

    /**
     * As {@link #failure(String, SQLException)}, naming the first of {@code files} missing, else the damaged Parquet file:
     * the one DuckDB's text names, else the first of {@code files} that DuckDB cannot read alone on {@code c} (a damaged
     * footer or data page is reported without its file).
     */
    public static IOException failure(String doing, SQLException e, Connection c, Collection<Path> files) {
        String raw = String.valueOf(e.getMessage());
        String first = firstLine(raw);
        Path missing = first(files, f -> !Files.exists(f)), directory = first(files, Files::isDirectory);
        String what;
        if (first.startsWith("Out of Memory Error")) {
            what = "DuckDB ran out of memory (" + first.substring(first.indexOf(':') + 1).trim() + "): give it more with "
                    + "TECHOPT_STORE_MEMORY, e.g. TECHOPT_STORE_MEMORY=1GB (the default is 256MB)";
        } else if (missing != null && replacedSince(missing)) {
            what = "the store changed while this command read it: an ingest committed meanwhile and replaced the source "
                    + "of " + missing.getFileName() + " (a log that grew since it was ingested); the store is whole: run the "
                    + "command again";
        } else if (missing != null) {
            what = "the Parquet file " + missing + " is missing (the store's manifest lists it): restore it, or "
                    + "ingest its logs again into a new store";
        } else if (directory != null) {
            what = "the Parquet file " + directory + " is a directory, not a file (the store's manifest lists it): put the "
                    + "file back in its place, or ingest its logs again into a new store";
        } else {
            // an IO error names its file and why (no permission, no space left); others may be a damaged file's
            Path damaged = first.startsWith("IO Error") ? null : damaged(raw, c, files);
            what = damaged == null ? first : "the Parquet file " + damaged + " is damaged or not one a techopt ingest wrote ("
                    + first + "): restore it, or ingest its logs again into a new store";
        }
        return new IOException(Redactor.redact(doing + ": " + what), e);
    }

    /**
     * The first line of DuckDB's text without control characters (a damaged file's bytes), nor a colon left dangling
     * by them: the lines after it are the SQL and DuckDB's hints.
     */
    static String firstLine(String message) {
        int nl = message.indexOf('\n');
        String line = (nl < 0 ? message : message.substring(0, nl)).replaceAll("\\p{Cntrl}", " ").trim();
        line = line.replaceAll("\\s+", " ");
        return line.endsWith(":") ? line.substring(0, line.length() - 1) : line;
    }

    /**
     * Whether the store's manifest on disk no longer lists {@code missing}, a file of {@code DIR/day=.../}: an ingest
     * replaced its source (a grown log) and deleted it after the reader opened the manifest before (review adv25 MED-2:
     * the reader was told to restore the file or rebuild a store that was whole).
     */
    static boolean replacedSince(Path missing) {
        Path day = missing.getParent(), dir = day == null ? null : day.getParent();
        if (dir == null || !StoreManifest.isStore(dir)) {
            return false;
        }
        String rel = day.getFileName() + "/" + missing.getFileName();
        try {
            return StoreManifest.read(dir).sources().stream().noneMatch(s -> s.files() != null && s.files().contains(rel));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Path first(Collection<Path> files, java.util.function.Predicate<Path> test) {
        return files == null ? null : files.stream().filter(test).findFirst().orElse(null);
    }

    /**
     * The first file that DuckDB cannot read alone, those its text names tried first; else the first it names. Its text
     * can name a healthy file too (a schema mismatch names the file it compared with), so a named file is checked.
     */
    private static Path damaged(String raw, Connection c, Collection<Path> files) {
        if (files == null) {
            return null;
        }
        List<Path> named = files.stream().filter(f -> raw.contains(f.toString())).toList();
        if (c == null) {
            return named.isEmpty() ? null : named.get(0);
        }
        List<Path> order = new java.util.ArrayList<>(named);
        files.stream().filter(f -> !named.contains(f)).forEach(order::add);
        // the footers first (count(*) reads only them), then the store's columns (a file of another schema), then every
        // value (a data page damaged, the footer whole)
        String columns = StoreSchema.COLUMNS.stream().map(StoreSchema.Column::name).filter(n -> !n.equals("day"))
                .collect(java.util.stream.Collectors.joining(", "));
        for (String read : List.of("SELECT count(*) FROM %s", "SELECT " + columns + " FROM %s LIMIT 0",
                "SELECT max(hash(COLUMNS(*))) FROM %s")) {
            for (Path f : order) {
                if (!opens(c, String.format(read, "read_parquet('" + DuckDbUsageStore.sql(f.toString()) + "')"))) {
                    return f;
                }
            }
        }
        return named.isEmpty() ? null : named.get(0);
    }

    private static boolean opens(Connection c, String query) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return true;
        } catch (SQLException | RuntimeException bad) {
            return false;
        }
    }
}
