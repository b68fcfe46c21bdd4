package io.techopt.cache.qdrant;

import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.techopt.cache.VectorIndex;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.vectors;
import static io.qdrant.client.WithPayloadSelectorFactory.enable;

/**
 * The distributed vector index: a Qdrant collection over gRPC ({@code http://host:6334}, or https). The collection
 * is created with the embedder's dimension and cosine distance; point ids are UUIDs derived from the entry id, so a
 * re-run overwrites instead of duplicating. The API key comes from {@code QDRANT_API_KEY}, never from the URL.
 */
public final class QdrantVectorIndex implements VectorIndex {
    public static final String API_KEY_ENV = "QDRANT_API_KEY";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final QdrantClient client;
    private final String collection;
    private final String where;
    private final List<PointStruct> pending = new ArrayList<>();
    private final int batch;

    public QdrantVectorIndex(String url, String collection, int dimension, int batch) throws IOException {
        URI u = URI.create(url);
        if (u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
            throw new IllegalArgumentException("--qdrant must be an http:// or https:// URL of Qdrant's gRPC port, e.g. http://localhost:6334");
        }
        int port = u.getPort() < 0 ? 6334 : u.getPort();
        this.where = u.getHost() + ":" + port;
        QdrantGrpcClient.Builder b = QdrantGrpcClient.newBuilder(u.getHost(), port, "https".equals(u.getScheme()), false)
                .withTimeout(TIMEOUT);
        String key = System.getenv(API_KEY_ENV);
        if (key != null && !key.isBlank()) {
            b = b.withApiKey(key);
        }
        this.client = new QdrantClient(b.build());
        this.collection = collection;
        this.batch = batch;
        if (!await(client.collectionExistsAsync(collection))) {
            await(client.createCollectionAsync(collection,
                    VectorParams.newBuilder().setSize(dimension).setDistance(Distance.Cosine).build()));
        } else {
            long have = await(client.getCollectionInfoAsync(collection)).getConfig().getParams().getVectorsConfig().getParams().getSize();
            if (have != dimension) {
                throw new IOException("Qdrant collection '" + collection + "' holds " + have + "-dimensional vectors, the embedder gives "
                        + dimension + ": use another collection (--collection)");
            }
        }
    }

    /** The point id of an entry id: a name-based UUID of its SHA-256, the same on every run. */
    static UUID pointId(String id) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return UUID.nameUUIDFromBytes(h);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void upsert(String id, float[] vector, String payload) throws IOException {
        pending.add(PointStruct.newBuilder().setId(id(pointId(id))).setVectors(vectors(vector))
                .putAllPayload(Map.of("id", value(id), "payload", value(payload))).build());
        if (pending.size() >= batch) {
            flush();
        }
    }

    private void flush() throws IOException {
        if (!pending.isEmpty()) {
            await(client.upsertAsync(collection, new ArrayList<>(pending)));
            pending.clear();
        }
    }

    @Override
    public List<Hit> search(float[] query, int k) throws IOException {
        List<Float> v = new ArrayList<>(query.length);
        for (float f : query) {
            v.add(f);
        }
        List<ScoredPoint> points = await(client.searchAsync(SearchPoints.newBuilder().setCollectionName(collection)
                .addAllVector(v).setLimit(k).setWithPayload(enable(true)).build()));
        List<Hit> hits = new ArrayList<>();
        for (ScoredPoint p : points) {
            Map<String, Value> pl = p.getPayloadMap();
            hits.add(new Hit(pl.get("id").getStringValue(), p.getScore(), pl.get("payload").getStringValue()));
        }
        return hits;
    }

    @Override
    public long size() throws IOException {
        return await(client.countAsync(collection));
    }

    @Override
    public synchronized void commit() throws IOException {
        flush();
    }

    @Override
    public void close() throws IOException {
        try {
            commit();
        } finally {
            client.close();
        }
    }

    /**
     * What went wrong, in the README's words: "Qdrant at host:port: connection failed" when it cannot be reached,
     * never a gRPC class name, and nothing of the request (the API key travels in its headers).
     */
    static String failure(String where, Throwable c) {
        io.grpc.Status s = io.grpc.Status.fromThrowable(c);
        String what = switch (s.getCode()) {
            case UNAVAILABLE -> "connection failed";
            case DEADLINE_EXCEEDED -> "connection failed (no answer within " + TIMEOUT.toSeconds() + " s)";
            case UNAUTHENTICATED, PERMISSION_DENIED -> "authentication failed (check " + API_KEY_ENV + ")";
            case UNKNOWN -> io.techopt.core.Redactor.redact(String.valueOf(c.getMessage()));
            default -> s.getCode().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    + (s.getDescription() == null ? "" : ": " + io.techopt.core.Redactor.redact(s.getDescription()));
        };
        return "Qdrant at " + where + ": " + what;
    }

    private <T> T await(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for Qdrant at " + where);
        } catch (ExecutionException e) {
            throw new IOException(failure(where, e.getCause() == null ? e : e.getCause()));
        }
    }
}
