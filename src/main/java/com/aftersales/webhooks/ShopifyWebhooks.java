package com.aftersales.webhooks;

import com.aftersales.config.ApiProblem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/shopify}: Shopify's webhooks, authenticated by their signature only ({@code
 * X-Shopify-Hmac-Sha256} over the raw body with {@code AFTERSALES_SHOPIFY_WEBHOOK_SECRET}), taken once per {@code
 * X-Shopify-Webhook-Id}. What each topic does: {@link ShopifyOrders}.
 */
@RestController
public class ShopifyWebhooks {

    private static final Logger log = LoggerFactory.getLogger(ShopifyWebhooks.class);

    private final ShopifyOrders shopify;
    private final WebhookDeliveries deliveries;
    private final ObjectMapper json;
    private final String secret;

    public ShopifyWebhooks(
            ShopifyOrders shopify,
            WebhookDeliveries deliveries,
            ObjectMapper json,
            @Value("${aftersales.shopify.webhook-secret:}") String secret) {
        this.shopify = shopify;
        this.deliveries = deliveries;
        this.json = json;
        this.secret = secret;
    }

    @PostMapping(path = "/webhooks/shopify")
    public Map<String, Object> receive(
            @RequestHeader(name = "X-Shopify-Hmac-Sha256", required = false) String signature,
            @RequestHeader(name = "X-Shopify-Topic", required = false) String topic,
            @RequestHeader(name = "X-Shopify-Webhook-Id", required = false) String webhookId,
            @RequestBody(required = false) byte[] body) {
        byte[] raw = body == null ? new byte[0] : body;
        Signatures.check(
                "Shopify", "AFTERSALES_SHOPIFY_WEBHOOK_SECRET", secret, "X-Shopify-Hmac-Sha256", signature, raw);
        if (topic == null || topic.isBlank()) throw ApiProblem.invalid("X-Shopify-Topic", "is required");
        if (webhookId == null || webhookId.isBlank() || webhookId.length() > 200) {
            throw ApiProblem.invalid("X-Shopify-Webhook-Id", "is required (up to 200 characters)");
        }
        Optional<String> earlier = deliveries.known(ShopifyOrders.SOURCE, webhookId);
        if (earlier.isPresent()) return answer(webhookId, topic, true, earlier.get());
        JsonNode payload = WebhookJson.read(json, raw);
        try {
            String outcome = shopify.take(webhookId, topic, payload);
            log.info("Shopify webhook {} ({}): {}", webhookId, topic, outcome);
            return answer(webhookId, topic, false, outcome);
        } catch (DuplicateKeyException sameMoment) {
            // the same delivery, taken a moment ago by another request: its outcome stands
            return answer(
                    webhookId,
                    topic,
                    true,
                    deliveries.known(ShopifyOrders.SOURCE, webhookId).orElse(""));
        }
    }

    private static Map<String, Object> answer(String id, String topic, boolean duplicate, String outcome) {
        return Map.of("deliveryId", id, "topic", topic, "duplicate", duplicate, "outcome", outcome);
    }
}
