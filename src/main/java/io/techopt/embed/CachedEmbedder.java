package io.techopt.embed;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Vectors kept in a file between runs, for benchmarks that embed the same texts again (a replay of 20,000 questions
 * takes minutes with MiniLM on two cores). The file holds one embedder's vectors: another's is refused.
 */
public final class CachedEmbedder implements Embedder {
    private final Embedder inner;
    private final Path file;
    private final Map<String, float[]> known = new HashMap<>();

    public CachedEmbedder(Embedder inner, Path file) throws IOException {
        this.inner = inner;
        this.file = file;
        if (Files.exists(file)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                String name = in.readUTF();
                if (!name.equals(inner.name() + "/" + inner.dimension())) {
                    throw new IllegalArgumentException(file + " holds vectors of " + name + ", not of " + inner.name());
                }
                while (true) {
                    String text;
                    try {
                        text = in.readUTF();
                    } catch (EOFException end) {
                        break;
                    }
                    float[] v = new float[inner.dimension()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = in.readFloat();
                    }
                    known.put(text, v);
                }
            } catch (EOFException truncated) {
                // a run killed while appending: the vectors read so far are whole, the rest is embedded again
            }
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
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND)))) {
                if (fresh) {
                    out.writeUTF(inner.name() + "/" + inner.dimension());
                }
                for (int i = 0; i < missing.size(); i++) {
                    out.writeUTF(missing.get(i));
                    for (float f : v.get(i)) {
                        out.writeFloat(f);
                    }
                    known.put(missing.get(i), v.get(i));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return texts.stream().map(known::get).toList();
    }
}
