package io.techopt.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.techopt.batch.BatchExportTest.exported;
import static io.techopt.batch.BatchExportTest.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * OTel spans whose prompt carried an image (in gen_ai.input.messages parts, in an OpenLLMetry gen_ai.prompt.N.content
 * array, or in a gen_ai span event) are counted as not exportable, never written as if they were text only; a
 * text-only span is written with the text of its semantic-convention parts ({type: text, content}).
 */
class OtelNonTextExportTest {
    @TempDir
    Path tmp;

    static ObjectNode attr(ArrayNode attrs, String key, String value) {
        ObjectNode kv = attrs.addObject().put("key", key);
        kv.putObject("value").put("stringValue", value);
        return kv;
    }

    static ObjectNode span(ArrayNode spans, String id) {
        ObjectNode s = spans.addObject().put("traceId", "5b8efff798038103d269b633813fc60c").put("spanId", id).put("name", "chat gpt-4o-mini")
                .put("startTimeUnixNano", "1790000000000000000").put("endTimeUnixNano", "1790000000500000000");
        ArrayNode a = s.putArray("attributes");
        attr(a, "gen_ai.operation.name", "chat");
        attr(a, "gen_ai.system", "openai");
        attr(a, "gen_ai.request.model", "gpt-4o-mini");
        attr(a, "gen_ai.response.id", "chatcmpl-" + id);
        a.addObject().put("key", "gen_ai.usage.input_tokens").putObject("value").put("intValue", "14");
        a.addObject().put("key", "gen_ai.usage.output_tokens").putObject("value").put("intValue", "67");
        return s;
    }

    @Test
    void otelSpansWithAnImageInTheirPromptAreCountedNotExportedAsTextOnly() throws IOException {
        // the real question of LiteLLM's OTel capture (../shared/data), asked with and without a planted image
        JsonNode kwargs = TestSupport.JSON.readTree(TestSupport.shared("data/litellm-logs/otel/captured_kwargs.json").toFile());
        String question = kwargs.at("/input/0/content").asText();
        assertEquals("What is the capital of France?", question);
        String image = "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/paris.png\"}}";
        String blob = "{\"type\":\"blob\",\"modality\":\"image\",\"mime_type\":\"image/png\",\"content\":\"iVBORw0KGgo=\"}";

        ObjectNode doc = TestSupport.JSON.createObjectNode();
        ArrayNode spans = doc.putArray("resourceSpans").addObject().putArray("scopeSpans").addObject().putArray("spans");
        // semantic conventions: gen_ai.input.messages with parts, one of them an image blob
        attr((ArrayNode) span(spans, "a1").get("attributes"), "gen_ai.input.messages",
                "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":" + TestSupport.JSON.valueToTree(question) + "}," + blob + "]}]");
        // OpenLLMetry: gen_ai.prompt.0.content holding the message's parts as a JSON array
        ArrayNode b = (ArrayNode) span(spans, "b2").get("attributes");
        attr(b, "gen_ai.prompt.0.role", "user");
        attr(b, "gen_ai.prompt.0.content", "[{\"type\":\"text\",\"text\":" + TestSupport.JSON.valueToTree(question) + "}," + image + "]");
        // text in the attributes, the image only in a gen_ai span event
        ObjectNode d = span(spans, "d4");
        attr((ArrayNode) d.get("attributes"), "gen_ai.prompt.0.role", "user");
        attr((ArrayNode) d.get("attributes"), "gen_ai.prompt.0.content", question);
        ObjectNode event = d.putArray("events").addObject().put("name", "gen_ai.content.prompt").put("timeUnixNano", "1790000000000000000");
        attr(event.putArray("attributes"), "gen_ai.prompt",
                "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":" + TestSupport.JSON.valueToTree(question) + "}," + image + "]}]");
        // text only, in semantic-convention parts: written, with its text
        attr((ArrayNode) span(spans, "c3").get("attributes"), "gen_ai.input.messages",
                "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":" + TestSupport.JSON.valueToTree(question) + "}]}]");
        Path log = TestSupport.write(tmp, "otlp.json", doc.toString());

        Path dir = tmp.resolve("export");
        TestSupport.Run run = TestSupport.cli("analyze", "-q", "-f", "json", "--batchable", "chat", "--batch-export", dir.toString(), log.toString());
        assertEquals(0, run.code(), run.err());
        assertEquals(4, run.json().get("requests").asLong());
        List<String> written = new ArrayList<>();
        for (Path f : exported(dir)) {
            for (JsonNode j : lines(f)) {
                written.add(j.get("custom_id").asText() + ": " + j.at("/body/messages/0/content").asText());
            }
        }
        // an OTel request is keyed on its trace and response id (review r11 #1), so is its custom_id
        assertEquals(List.of("5b8efff798038103d269b633813fc60c:chatcmpl-c3: " + question), written,
                "only the text-only span is written, with its text");
        JsonNode manifest = TestSupport.JSON.readTree(dir.resolve("manifest.json").toFile());
        assertEquals(3, manifest.at("/not_exported/" + BatchExporter.NOT_TEXT.replace("/", "~1")).asLong(), manifest.toString());
    }
}
