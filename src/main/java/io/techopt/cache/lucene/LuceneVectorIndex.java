package io.techopt.cache.lucene;

import io.techopt.cache.VectorIndex;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded semantic-cache index: Lucene's HNSW graph over cosine similarity, persisted to a directory, so a
 * nightly cache-warm and the next day's lookups share it. Upserts replace by id.
 */
public final class LuceneVectorIndex implements VectorIndex {
    private static final String ID = "id", VECTOR = "v", PAYLOAD = "p";
    /** The commit's user data key of the adaptive policy's state: written in the same commit as the entries. */
    static final String LEARNED = "techopt.adaptive";
    /**
     * Lucene's k is also the HNSW beam width: searching with one candidate finds the nearest neighbour rarely.
     * bench/vector-index.sh measures recall and latency per setting on real question embeddings.
     */
    static final int DEFAULT_CANDIDATES = 40;
    private int candidates = DEFAULT_CANDIDATES;

    private final Directory dir;
    private final IndexWriter writer;
    private final SearcherManager searchers;

    public LuceneVectorIndex(Path directory) throws IOException {
        this.dir = FSDirectory.open(directory);
        // only commit() makes writes durable: a run that fails before it leaves the last commit, entries and learned
        // state together, as a kill does (closing would otherwise commit the entries without their state)
        this.writer = new IndexWriter(dir, new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setRAMBufferSizeMB(64).setCommitOnClose(false));
        this.searchers = new SearcherManager(writer, null);
    }

    @Override
    public void upsert(String id, float[] vector, String payload) throws IOException {
        Document d = new Document();
        d.add(new StringField(ID, id, Field.Store.YES));
        d.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.COSINE));
        d.add(new StoredField(PAYLOAD, payload));
        writer.updateDocument(new Term(ID, id), d);
    }

    @Override
    public List<Hit> search(float[] query, int k) throws IOException {
        searchers.maybeRefresh();
        IndexSearcher s = searchers.acquire();
        try {
            TopDocs top = s.search(new KnnFloatVectorQuery(VECTOR, query, Math.max(k, candidates)), k);
            List<Hit> out = new ArrayList<>(top.scoreDocs.length);
            var stored = s.storedFields();
            for (ScoreDoc sd : top.scoreDocs) {
                Document d = stored.document(sd.doc);
                // Lucene's cosine score is (1 + cos) / 2
                out.add(new Hit(d.get(ID), 2 * sd.score - 1, d.get(PAYLOAD)));
            }
            return out;
        } finally {
            searchers.release(s);
        }
    }

    @Override
    public boolean contains(String id) throws IOException {
        searchers.maybeRefresh();
        IndexSearcher s = searchers.acquire();
        try {
            return s.count(new org.apache.lucene.search.TermQuery(new Term(ID, id))) > 0;
        } finally {
            searchers.release(s);
        }
    }

    /** The state as of the last commit, or as kept since by this writer (not yet durable). */
    @Override
    public String learnedState() {
        for (var e : writer.getLiveCommitData() == null ? java.util.List.<java.util.Map.Entry<String, String>>of() : writer.getLiveCommitData()) {
            if (e.getKey().equals(LEARNED)) {
                return e.getValue();
            }
        }
        return null;
    }

    /**
     * Rides in the commit's user data (segments_N): Lucene writes it with the segments in one atomic commit, so a run
     * killed before {@link #commit} leaves the state and the entries of the commit before, together.
     */
    @Override
    public void keepLearnedState(String json) {
        writer.setLiveCommitData(java.util.Map.of(LEARNED, json).entrySet());
    }

    /** The learned state on disk (the last commit's), read without opening a writer: null when none was kept. */
    public static String learnedStateOnDisk(Path directory) throws IOException {
        try (Directory d = FSDirectory.open(directory)) {
            if (!DirectoryReader.indexExists(d)) {
                return null;
            }
            try (DirectoryReader r = DirectoryReader.open(d)) {
                return r.getIndexCommit().getUserData().get(LEARNED);
            }
        }
    }

    /** The HNSW beam of a search: more candidates, better recall, slower lookups. */
    public void searchCandidates(int n) {
        this.candidates = n;
    }

    @Override
    public long size() throws IOException {
        searchers.maybeRefresh();
        IndexSearcher s = searchers.acquire();
        try {
            return s.getIndexReader().numDocs();
        } finally {
            searchers.release(s);
        }
    }

    @Override
    public void commit() throws IOException {
        writer.commit();
        searchers.maybeRefresh();
    }

    /** After a bulk load (a nightly warm): one segment, so a lookup walks one graph instead of several. */
    public void optimize() throws IOException {
        writer.forceMerge(1);
        commit();
    }

    @Override
    public void close() throws IOException {
        searchers.close();
        writer.close();
        dir.close();
    }

    /** A name Lucene gives an index's files: a commit (segments_N), one in progress, the writer's lock, a segment's file. */
    public static boolean isIndexFile(String name) {
        return name.matches("(pending_)?segments_[a-z0-9]+") || name.equals(IndexWriter.WRITE_LOCK_NAME)
                || org.apache.lucene.index.IndexFileNames.CODEC_FILE_PATTERN.matcher(name).matches();
    }

    /** Opens an index read-only view count, for checks on what a previous run persisted. */
    public static int countOnDisk(Path directory) throws IOException {
        try (Directory d = FSDirectory.open(directory); DirectoryReader r = DirectoryReader.open(d)) {
            return r.numDocs();
        }
    }
}
