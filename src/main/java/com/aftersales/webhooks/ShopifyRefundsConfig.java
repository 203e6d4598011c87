package com.aftersales.webhooks;

import com.aftersales.refunds.PaymentGateway;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Puts {@link ShopifyRefunds} in front of the app's payment gateway (whichever adapter it is) when {@code
 * aftersales.shopify.admin-api} and {@code aftersales.shopify.admin-token} are set; else changes nothing.
 */
@Configuration
class ShopifyRefundsConfig {

    @Bean
    static BeanPostProcessor shopifyRefundsInFront(Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!(bean instanceof PaymentGateway gateway) || bean instanceof ShopifyRefunds) return bean;
                String api = environment.getProperty("aftersales.shopify.admin-api", "");
                String token = environment.getProperty("aftersales.shopify.admin-token", "");
                if (api.isBlank() && token.isBlank()) return bean;
                if (api.isBlank() || token.isBlank()) {
                    throw new IllegalStateException(
                            "Shopify refunds need both AFTERSALES_SHOPIFY_ADMIN_API and AFTERSALES_SHOPIFY_ADMIN_TOKEN");
                }
                return new ShopifyRefunds(gateway, api, token);
            }
        };
    }
}
