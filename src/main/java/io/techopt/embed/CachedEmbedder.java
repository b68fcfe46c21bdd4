package io.techopt.embed;

import io.techopt.core.AtomicOutput;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Vectors kept in a file between runs, for benchmarks that embed the same texts again (a replay of 20,000 questions
 * takes minutes with MiniLM on two cores). The file holds one embedder's vectors: another's is refused.
 */
public final class CachedEmbedder implements Embedder {
    private final Embedder inner;
    private final Path file;
    private final Map<String, float[]> known = new LinkedHashMap<>(); // in file order, for a rewrite

    public CachedEmbedder(Embedder inner, Path file) throws IOException {
        this.inner = inner;
        this.file = file;
        if (Files.exists(file) && !readWholeVectors()) {
            // a run killed while appending left a torn last vector (or an empty file): appending after it would shift
            // every later vector, so the file is rewritten with the whole ones and the rest is embedded again
            rewrite();
        }
    }

    /** Reads the file's vectors into {@code known}; false when it ends inside its header or a vector. */
    private boolean readWholeVectors() throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            String name;
            try {
                name = in.readUTF();
            } catch (EOFException shortHeader) {
                if (Files.size(file) > 0) { // not a file this class wrote: never replaced
                    throw new IllegalArgumentException(file + " is not a file of vectors (it ends inside its header)");
                }
                return false;
            }
            if (!name.equals(header())) {
                throw new IllegalArgumentException(file + " holds vectors of " + name + ", not of " + inner.name());
            }
            while (true) {
                in.mark(1);
                if (in.read() < 0) {
                    return true;
                }
                in.reset();
                String text = in.readUTF();
                float[] v = new float[inner.dimension()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = in.readFloat();
                }
                known.put(text, v);
            }
        } catch (EOFException torn) {
            return false;
        }
    }

    private void rewrite() throws IOException {
        AtomicOutput.writeStream(file, os -> {
            DataOutputStream out = new DataOutputStream(os);
            out.writeUTF(header());
            for (Map.Entry<String, float[]> e : known.entrySet()) {
                write(out, e.getKey(), e.getValue());
            }
            out.flush();
        });
    }

    private String header() {
        return inner.name() + "/" + inner.dimension();
    }

    private static void write(DataOutputStream out, String text, float[] v) throws IOException {
        out.writeUTF(text);
        for (float f : v) {
            out.writeFloat(f);
        }
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public int dimension() {
        return inner.dimension();
    }

    @Override
    public float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    @Override
    public synchronized List<float[]> embedAll(List<String> texts) {
        List<String> missing = new ArrayList<>(texts.stream().filter(t -> !known.containsKey(t)).distinct().toList());
        if (!missing.isEmpty()) {
            List<float[]> v = inner.embedAll(missing);
            boolean fresh = !Files.exists(file);
            // appended, not rewritten, to stay linear over a long replay: a torn tail is cut at the next load
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND)))) {
                if (fresh) {
                    out.writeUTF(header());
                }
                for (int i = 0; i < missing.size(); i++) {
                    write(out, missing.get(i), v.get(i));
                    known.put(missing.get(i), v.get(i));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return texts.stream().map(known::get).toList();
    }
}
