package io.techopt.batch;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * What a parser thread prepared: the target (api + model), the id that must be unique in
 * the batch, and the JSON object without that id (added on write, as a collision may change it).
 */
record PreparedRequest(BatchApi api, String model, String id, String body) {
    String line(String customId) {
        if (api.idField == null) {
            return body;
        }
        return "{\"" + api.idField + "\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(customId)) + "\","
                + body.substring(1);
    }
}
