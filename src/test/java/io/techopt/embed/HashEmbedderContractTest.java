package io.techopt.embed;

class HashEmbedderContractTest extends EmbedderContract {
    @Override
    protected Embedder embedder() {
        return new HashEmbedder(256);
    }
}
