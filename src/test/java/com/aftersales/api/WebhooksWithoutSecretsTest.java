package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The app as shipped, no webhook secret set: every webhook says it is off and which setting turns it on; nothing
 * under /webhooks opens another door (no login counts there, no other method or path is served).
 */
class WebhooksWithoutSecretsTest extends ApiTestSupport {

    @Test
    void unconfiguredWebhooks_503ProblemNamingTheSetting() {
        String[][] webhooks = {
            {"/webhooks/shopify", "AFTERSALES_SHOPIFY_WEBHOOK_SECRET"},
            {"/webhooks/carrier", "AFTERSALES_CARRIER_WEBHOOK_SECRET"},
            {"/webhooks/warehouse", "AFTERSALES_WAREHOUSE_SECRET"}
        };
        for (String[] webhook : webhooks) {
            ApiClient.Response off = api.call("POST", webhook[0], null, "{}", "X-Shopify-Hmac-Sha256", "x");
            assertThat(off.status()).as(webhook[0]).isEqualTo(503);
            assertThat(off.contentType()).startsWith("application/problem+json");
            assertThat(off.json().get("type").asText()).isEqualTo("urn:after-sales:problem:webhook-not-configured");
            assertThat(off.json().get("detail").asText()).contains(webhook[1]);
        }
    }

    @Test
    void webhookPaths_onlyPostOfTheThreeWebhooks_noLoginCountsThere_noSession() {
        for (String user : new String[] {null, "demo", "shop"}) {
            ApiClient.Response get = api.call("GET", "/webhooks/shopify", user, null);
            assertThat(get.status()).as("GET as " + user).isEqualTo(404);
            assertThat(get.contentType()).startsWith("application/problem+json");
            assertThat(api.call("POST", "/webhooks/other", user, "{}").status())
                    .as("another webhook path as " + user)
                    .isEqualTo(404);
            assertThat(api.call("PUT", "/webhooks/carrier", user, "{}").status())
                    .isEqualTo(404);
            assertThat(api.call("POST", "/webhooks", user, "{}").status()).isEqualTo(404);
        }
        ApiClient.Response withLogin = api.call("POST", "/webhooks/warehouse", "demo", "{}");
        assertThat(withLogin.status()).isEqualTo(503);
        assertThat(withLogin.header("Set-Cookie")).as("no session").isNull();
        // a webhook's path does not lead elsewhere
        assertThat(api.call("POST", "/webhooks/shopify/../../api/orders/X", null, "{}")
                        .status())
                .isIn(400, 401, 404);
    }
}
