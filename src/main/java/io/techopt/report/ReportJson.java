package io.techopt.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;

/**
 * A report's JSON read back into its model, the way {@link JsonRenderer} wrote it: a null where a {@code double} stands
 * was a NaN (the renderer writes NaN and infinities as null), so it becomes NaN again, never 0. Unknown keys fail: a
 * key the model does not hold would be silently left out of the rendering.
 */
public final class ReportJson {
    private static final ObjectMapper READER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new SimpleModule().addDeserializer(Double.TYPE, new NullAsNaN()))
            .build();

    private ReportJson() {
    }

    public static <T> T read(JsonNode doc, Class<T> type) {
        try {
            return READER.treeToValue(doc, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the JSON does not hold " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    private static final class NullAsNaN extends com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer<Double> {
        NullAsNaN() {
            super(Double.TYPE);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext c) throws IOException {
            return p.getDoubleValue();
        }

        @Override
        public Double getNullValue(DeserializationContext c) {
            return Double.NaN;
        }
    }
}
