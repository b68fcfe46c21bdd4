package io.techopt.embed;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * The decorator keeps the port's contract (review r24h L5): over the hash embedder, opened on a file a first run
 * filled with half the texts, so some vectors come back from the file and the rest are embedded and appended.
 */
class CachedEmbedderContractTest extends EmbedderContract {
    @TempDir
    Path tmp;

    @Override
    protected Embedder embedder() throws Exception {
        Path file = tmp.resolve("vectors.bin");
        if (!java.nio.file.Files.exists(file)) {
            new CachedEmbedder(new HashEmbedder(256), file).embedAll(TEXTS.subList(0, TEXTS.size() / 2));
        }
        return new CachedEmbedder(new HashEmbedder(256), file);
    }
}
