package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.core.LogRecord;

import java.util.List;

/**
 * Anthropic Message Batches results JSONL ({@code {custom_id, result: {type, message}}}): succeeded requests are
 * billed at batch rates. A result line carries no time, so requests are dated when the results file was last
 * modified (downloaded, at most 29 days after the batch ended). Errored, canceled and expired requests are not
 * billed and name no model: they are bad lines with that reason.
 */
public final class AnthropicBatchFormat implements TreeFormat {
    private final long fileTimeMs;

    public AnthropicBatchFormat(long fileTimeMs) {
        this.fileTimeMs = fileTimeMs;
    }

    @Override
    public void mapOne(JsonNode n, List<LogRecord> out) throws BadInputException {
        JsonNode result = n.path("result");
        String type = result.path("type").asText("");
        if (!type.equals("succeeded")) {
            throw new BadInputException("Anthropic batch result '" + (type.isEmpty() ? "(no type)" : type)
                    + "': not billed, names no model");
        }
        JsonNode message = result.path("message");
        LogRecord.Builder r = new LogRecord.Builder();
        r.model = Nodes.text(message, "model");
        if (r.model == null) {
            throw new BadInputException("Anthropic batch result has no 'message.model'");
        }
        if (!message.path("usage").isObject()) {
            throw new BadInputException("Anthropic batch result has no 'message.usage'");
        }
        r.provider = "anthropic";
        r.batch = true;
        r.requestId = Nodes.firstText(n, "custom_id");
        r.timestampMs = fileTimeMs;
        r.usage = UsageNormalizer.normalize(message.get("usage"));
        r.response = Messages.contentText(message.get("content"));
        out.add(r.build());
    }
}
