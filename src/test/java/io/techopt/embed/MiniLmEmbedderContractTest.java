package io.techopt.embed;

class MiniLmEmbedderContractTest extends EmbedderContract {
    private static final MiniLmEmbedder MODEL = new MiniLmEmbedder(); // loaded once: the model takes a while

    @Override
    protected Embedder embedder() {
        return MODEL;
    }
}
