package io.techopt.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.techopt.http.HttpCaller;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An OpenAI-compatible {@code POST /v1/embeddings} client: texts in batches, through the batch engine's HTTP caller
 * (rate limits, retries, breaker). The base URL and key come from the caller (environment), never from logs, and
 * are never printed.
 */
public final class OpenAiEmbedder implements Embedder {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpCaller http;
    private final String url;
    private final String apiKey;
    private final String model;
    private final int dimension;
    private final int batch;

    public OpenAiEmbedder(HttpCaller http, String baseUrl, String apiKey, String model, int dimension, int batch) {
        this.http = http;
        this.url = baseUrl.replaceAll("/+$", "") + "/v1/embeddings";
        this.apiKey = apiKey;
        this.model = model;
        this.dimension = dimension;
        this.batch = batch;
    }

    @Override
    public String name() {
        return "openai-compatible:" + model;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    /**
     * Blank text is the zero vector and is never sent (OpenAI answers HTTP 400 to an empty input); every vector is
     * scaled to unit length, as the port promises, since some compatible servers do not normalize.
     */
    @Override
    public List<float[]> embedAll(List<String> texts) {
        return Vectors.skippingBlank(texts, dimension, this::embedNonBlank);
    }

    private List<float[]> embedNonBlank(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i += batch) {
            List<String> chunk = texts.subList(i, Math.min(texts.size(), i + batch));
            ObjectNode body = JSON.createObjectNode().put("model", model);
            chunk.forEach(body.putArray("input")::add);
            try {
                long tokens = chunk.stream().mapToLong(t -> t.length() / 4 + 1).sum();
                HttpCaller.HttpResult r = http.postJson(url, body.toString(),
                        apiKey == null ? Map.of() : Map.of("Authorization", "Bearer " + apiKey), tokens);
                if (!r.ok()) {
                    throw new IOException("embeddings endpoint answered HTTP " + r.status() + " after " + r.attempts() + " attempts");
                }
                JsonNode data = JSON.readTree(r.body()).path("data");
                float[][] vectors = new float[chunk.size()][];
                for (JsonNode d : data) {
                    JsonNode e = d.get("embedding");
                    float[] v = new float[e.size()];
                    for (int k = 0; k < v.length; k++) {
                        v[k] = (float) e.get(k).asDouble();
                    }
                    vectors[d.path("index").asInt()] = v;
                }
                for (float[] v : vectors) {
                    if (v == null || v.length != dimension) {
                        throw new IOException("embeddings endpoint returned a vector of the wrong size or none");
                    }
                    out.add(Vectors.unit(v));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new IOException("interrupted"));
            }
        }
        return out;
    }
}
