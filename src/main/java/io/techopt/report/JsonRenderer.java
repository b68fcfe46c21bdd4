package io.techopt.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.techopt.core.Printable;

import java.io.IOException;
import java.io.Writer;

/**
 * The report's JSON model, pretty-printed; NaN becomes null so the output is always valid JSON. Names stay exact
 * data: besides the C0 controls JSON requires escaped, DEL, C1 controls and the characters {@link Printable} escapes
 * for people (bidi overrides and isolates, zero-width and other format characters, U+2028/2029) are written as
 * JSON <code>&#92;uXXXX</code> escapes. A parser reads back the very same string; a person who opens the file in a
 * terminal or an editor sees the escape instead of text that reorders itself or hides.
 */
public final class JsonRenderer implements Renderer {
    private static final ObjectMapper MAPPER = JsonMapper.builder(new com.fasterxml.jackson.core.JsonFactory()
                    .setCharacterEscapes(new InvisibleCharacterEscapes()))
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .addModule(new com.fasterxml.jackson.databind.module.SimpleModule()
                    .addSerializer(Double.class, new NanAsNull())
                    .addSerializer(Double.TYPE, new NanAsNull()))
            .build();

    @Override
    public void render(Report report, Writer out) throws IOException {
        MAPPER.writeValue(out, report.json());
        out.write('\n');
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** JSON's own escapes, plus DEL and every non-ASCII character {@link Printable#needsEscape(char)} names. */
    static final class InvisibleCharacterEscapes extends com.fasterxml.jackson.core.io.CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        InvisibleCharacterEscapes() {
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
            return ch <= 0xffff && Printable.needsEscape((char) ch)
                    ? new com.fasterxml.jackson.core.io.SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }

    private static final class NanAsNull extends com.fasterxml.jackson.databind.ser.std.StdSerializer<Double> {
        NanAsNull() {
            super(Double.class);
        }

        @Override
        public void serialize(Double v, JsonGenerator g, com.fasterxml.jackson.databind.SerializerProvider p) throws IOException {
            if (v == null || v.isNaN() || v.isInfinite()) {
                g.writeNull();
            } else {
                g.writeNumber(v);
            }
        }
    }
}
