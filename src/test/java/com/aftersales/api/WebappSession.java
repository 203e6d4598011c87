package com.aftersales.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A user's session in a Camunda webapp, as its login page opens one: the XSRF cookie first, then the
 * login form, then the webapp's own API calls with the session cookie and the XSRF header.
 */
public final class WebappSession {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient browser;
    private final CookieManager cookies;
    private final String base;
    private final ApiClient.Response loginResponse;
    private final String[] headers;

    private WebappSession(int port, String user, String password, String app, String... headers) {
        this.headers = headers;
        this.cookies = new CookieManager();
        this.browser = HttpClient.newBuilder().cookieHandler(cookies).build();
        this.base = "http://127.0.0.1:" + port + "/camunda";
        try {
            browser.send(
                    withHeaders(HttpRequest.newBuilder(URI.create(base + "/app/" + app + "/default/")))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                    + URLEncoder.encode(password, StandardCharsets.UTF_8);
            this.loginResponse =
                    send(HttpRequest.newBuilder(URI.create(base + "/api/admin/auth/user/default/login/" + app))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form)));
            // the login starts a new session; the webapp's next GET gives it its XSRF token, as Tasklist's does
            if (loginResponse.status() == 200)
                send(HttpRequest.newBuilder(URI.create(base + "/api/admin/auth/user/default"))
                        .GET());
        } catch (Exception e) {
            throw new IllegalStateException("login of " + user + " to " + app + " failed", e);
        }
    }

    /**
     * Logs in to {@code app} (tasklist, cockpit, admin), sending {@code headers} (name, value, …) with
     * every request of the session; see {@link #loginStatus()}.
     */
    public static WebappSession login(int port, String user, String password, String app, String... headers) {
        return new WebappSession(port, user, password, app, headers);
    }

    /** The answer to the login form: status, content type and body. */
    public ApiClient.Response loginResponse() {
        return loginResponse;
    }

    public int loginStatus() {
        return loginResponse.status();
    }

    /** The session cookie the browser holds now (JSESSIONID), or null. */
    public String sessionId() {
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("JSESSIONID"))
                .map(java.net.HttpCookie::getValue)
                .findFirst()
                .orElse(null);
    }

    /** GET on the webapps' API, e.g. {@code /api/engine/engine/default/filter}. */
    public ApiClient.Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public ApiClient.Response post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public ApiClient.Response put(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public ApiClient.Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    /** GET on the app outside the webapps with this session's cookie, e.g. {@code /cases/C-1} or {@code /api/cases/C-1}. */
    public ApiClient.Response getOnApp(String path) {
        return send(HttpRequest.newBuilder(URI.create(base.replace("/camunda", "") + path))
                .GET());
    }

    /** POST on the app outside the webapps with this session's cookie; the XSRF header only with {@code xsrfHeader}. */
    public ApiClient.Response postOnApp(String path, String json, boolean xsrfHeader, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.replace("/camunda", "") + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
        return xsrfHeader ? send(request) : send(request, false);
    }

    /** Tasklist's "Log out". */
    public ApiClient.Response logout() {
        return send(HttpRequest.newBuilder(URI.create(base + "/api/admin/auth/user/default/logout"))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private HttpRequest.Builder withHeaders(HttpRequest.Builder request) {
        for (int i = 0; i < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
        return request;
    }

    private ApiClient.Response send(HttpRequest.Builder request) {
        return send(request, true);
    }

    private ApiClient.Response send(HttpRequest.Builder request, boolean xsrfHeader) {
        String xsrf = cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie"));
        try {
            HttpResponse<String> response = browser.send(
                    (xsrfHeader ? withHeaders(request).header("X-XSRF-TOKEN", xsrf) : withHeaders(request))
                            .header("Accept", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            JsonNode json = body.isBlank() || !body.trim().matches("(?s)^[\\[{].*") ? null : JSON.readTree(body);
            return new ApiClient.Response(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    null,
                    false,
                    body,
                    json,
                    response.headers());
        } catch (Exception e) {
            throw new IllegalStateException(
                    request.build().method() + " " + request.build().uri() + " failed", e);
        }
    }
}
