package com.aftersales.api;

import com.aftersales.testdb.TestDatabase;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * HTTP tests: the whole app on a random port with the job executor running and the demo users,
 * one context shared by the test classes, on its own database (H2 in memory, or PostgreSQL in the
 * second run).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "aftersales.demo-data=true")
public abstract class ApiTestSupport {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry, "api");
    }

    @LocalServerPort protected int port;
    protected ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    /** A new order of the shop over /api; returns its id. */
    protected String newOrder(String status, String unitPrice, String shipment) {
        String orderId = "A-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Response created = api.call("PUT", "/api/orders/" + orderId, "shop", ApiClient.orderJson(orderId, status, unitPrice, shipment));
        if (created.status() != 201) throw new AssertionError("order not created: " + created.body());
        return orderId;
    }

    protected ApiClient.Response openCase(String body) {
        return api.call("POST", "/api/cases", "shop", body, "Idempotency-Key", UUID.randomUUID().toString());
    }
}
