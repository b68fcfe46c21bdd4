package io.techopt.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

import java.util.ArrayList;
import java.util.List;

/**
 * all-MiniLM-L6-v2 (quantized), a sentence-embedding model shipped inside a Maven artifact and run in-process
 * with ONNX Runtime: 384 dimensions, nothing downloaded at run time. The default embedder.
 */
public final class MiniLmEmbedder implements Embedder {
    private static final int BATCH = 64;
    private final AllMiniLmL6V2QuantizedEmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();

    @Override
    public String name() {
        return "all-minilm-l6-v2-q";
    }

    @Override
    public int dimension() {
        return 384;
    }

    @Override
    public float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    /** Many texts at once: batches amortize the model call; blank text is the zero vector, never sent to the model. */
    @Override
    public List<float[]> embedAll(List<String> texts) {
        return Vectors.skippingBlank(texts, dimension(), this::embedNonBlank);
    }

    private List<float[]> embedNonBlank(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i += BATCH) {
            List<TextSegment> batch = new ArrayList<>();
            for (String t : texts.subList(i, Math.min(texts.size(), i + BATCH))) {
                batch.add(TextSegment.from(t));
            }
            for (Embedding e : model.embedAll(batch).content()) {
                out.add(Vectors.unit(e.vector()));
            }
        }
        return out;
    }
}
