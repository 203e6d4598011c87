package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aftersales.AfterSalesApplication;
import com.aftersales.testdb.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The production profile ({@code postgres}) as an operator starts it: it refuses a missing or
 * default administrator password before the engine writes anything, and it has no demo users.
 */
// runs after the tests on shared contexts (junit-platform.properties)
@Order(Integer.MAX_VALUE)
class ProductionProfileTest {

    private static ConfigurableApplicationContext start(String... settings) {
        List<String> arguments = new ArrayList<>(List.of("--spring.profiles.active=postgres", "--server.port=0"));
        TestDatabase.properties("production").forEach(property -> arguments.add("--" + property));
        arguments.addAll(List.of(settings));
        return new SpringApplicationBuilder(AfterSalesApplication.class).run(arguments.toArray(String[]::new));
    }

    @Test
    void refusesToStart_withoutAnAdminPassword_orWithADefaultOne() {
        assertThatThrownBy(ProductionProfileTest::start)
                .hasStackTraceContaining("Refusing to start: the administrator password is not set")
                .hasStackTraceContaining("AFTERSALES_ADMIN_PASSWORD");
        assertThatThrownBy(() -> start("--AFTERSALES_ADMIN_PASSWORD=admin"))
                .hasStackTraceContaining("is a default password");
        assertThatThrownBy(() -> start("--AFTERSALES_ADMIN_USER=boss", "--AFTERSALES_ADMIN_PASSWORD=boss"))
                .hasStackTraceContaining("is a default password");
        assertThatThrownBy(() -> start("--AFTERSALES_ADMIN_PASSWORD=short-pw"))
                .hasStackTraceContaining("shorter than 12 characters");
    }

    @Test
    void startsWithARealSecret_theAdminGetsIn_demoUsersDoNot() throws Exception {
        try (ConfigurableApplicationContext app =
                start("--AFTERSALES_ADMIN_USER=ops", "--AFTERSALES_ADMIN_PASSWORD=correct-horse-battery")) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            assertThat(get(port, "/api/cases", "ops", "correct-horse-battery")).isEqualTo(200);
            assertThat(get(port, "/engine-rest/user?id=ops", "ops", "correct-horse-battery"))
                    .isEqualTo(200);
            for (String demoUser : List.of("demo", "agent", "shop")) {
                assertThat(get(port, "/api/cases", demoUser, demoUser))
                        .as(demoUser)
                        .isEqualTo(401);
            }
        }
    }

    private static int get(int port, String path, String user, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .header("Authorization", "Basic " + basic)
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
