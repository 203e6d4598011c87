package com.aftersales.webhooks;

import com.aftersales.config.ApiProblem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** A webhook's body, read after its signature was checked: a JSON object, else 400. */
final class WebhookJson {

    private WebhookJson() {}

    static JsonNode read(ObjectMapper json, byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.isObject()) return node;
        } catch (IOException e) {
            // answered below
        }
        throw ApiProblem.invalid("body", "is not a JSON object");
    }
}
