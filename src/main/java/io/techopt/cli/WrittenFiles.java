package io.techopt.cli;

/** How a program of techopt's names a file it wrote: the CLI's "wrote" lines and the Spark jobs' alike. */
public final class WrittenFiles {
    private WrittenFiles() {
    }

    /** A written file or directory with its size: "report.html (84 KB)", "batch/ (3 files, 1.2 MB)". */
    public static String describe(java.nio.file.Path p) {
        try {
            if (java.nio.file.Files.isDirectory(p)) {
                long[] filesAndBytes = new long[2];
                try (var s = java.nio.file.Files.walk(p)) {
                    s.filter(java.nio.file.Files::isRegularFile).forEach(f -> {
                        filesAndBytes[0]++;
                        filesAndBytes[1] += f.toFile().length();
                    });
                }
                return p + "/ (" + filesAndBytes[0] + " file" + (filesAndBytes[0] == 1 ? "" : "s") + ", " + size(filesAndBytes[1]) + ")";
            }
            if (!java.nio.file.Files.isRegularFile(p)) {
                return p.toString(); // a device or FIFO: no size to tell
            }
            return p + " (" + size(java.nio.file.Files.size(p)) + ")";
        } catch (java.io.IOException e) {
            return p.toString();
        }
    }

    /** Decimal units, as the progress bar and the read summary give the same file's size (review r19 N9). */
    public static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        // compare the value as it will be printed, so 999,999 bytes reads "1.0 MB", not "1000 KB"
        while (u < units.length - 1 && (u < 0 || shown(v) >= 1000)) {
            v /= 1000;
            u++;
        }
        return String.format(java.util.Locale.ROOT, shown(v) < 10 ? "%.1f %s" : "%.0f %s", shown(v), units[u]);
    }

    /** The value as size() prints it: one decimal under 10, whole numbers above. */
    private static double shown(double v) {
        double oneDecimal = Math.round(v * 10) / 10.0;
        return oneDecimal < 10 ? oneDecimal : Math.round(v);
    }
}
