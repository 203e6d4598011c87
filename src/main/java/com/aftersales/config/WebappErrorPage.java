package com.aftersales.config;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.MediaType;

/**
 * A person's browser that opens a page of the webapps it may not see (a process owner opening Tasklist, an agent
 * opening Cockpit: Camunda answers 403) or that does not exist (404) gets a page in the app's colours that says
 * where to go, instead of problem+json. Only page requests: GET or HEAD, {@code Accept} naming {@code text/html}, not
 * on an API ({@code /api}, {@code /engine-rest}, the webapps' {@code /camunda/api}, {@code /actuator}, the OpenAPI
 * document); every other error answer stays problem+json ({@link ProblemResponseFilter}).
 */
final class WebappErrorPage {

    private static final List<String> API_PATHS = List.of("/api/", "/engine-rest", "/actuator", "/v3/", "/swagger-ui");

    private final String webapps;

    /** @param webapps the webapps' path, e.g. {@code /camunda} */
    WebappErrorPage(String webapps) {
        this.webapps = webapps.endsWith("/") ? webapps.substring(0, webapps.length() - 1) : webapps;
    }

    /** @param path the request's path without the context path */
    boolean answers(HttpServletRequest request, String path, int status) {
        if (status != 403 && status != 404) return false;
        if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) return false;
        String accept = request.getHeader("Accept");
        if (accept == null || !accept.toLowerCase().contains(MediaType.TEXT_HTML_VALUE)) return false;
        if (path.startsWith(webapps + "/api/") || path.equals(webapps + "/api")) return false;
        return API_PATHS.stream().noneMatch(path::startsWith);
    }

    void write(HttpServletResponse response, String path, int status) throws IOException {
        String app = webapps + "/app/";
        String heading;
        String text;
        if (status == 404) {
            heading = "There is no such page";
            text = "The address does not lead to a page of the after-sales app.";
        } else if (path.startsWith(app + "tasklist")) {
            heading = "Tasklist is for agents and team leads";
            text = "You are logged in with a user who does not work on cases. Process owners follow the processes and "
                    + "their decisions in Cockpit.";
        } else if (path.startsWith(app + "cockpit")) {
            heading = "Cockpit is for process owners and administrators";
            text = "Agents and team leads work on the cases' tasks in Tasklist.";
        } else if (path.equals("/insights") || path.startsWith("/insights/")) {
            heading = "Insights are for process owners and team leads";
            text = "Agents work on the cases' tasks in Tasklist; systems use the REST API.";
        } else {
            heading = "This page is not for your role";
            text = "Agents and team leads work in Tasklist, process owners in Cockpit, administrators in Admin.";
        }
        byte[] body = page(status, heading, text).getBytes(StandardCharsets.UTF_8);
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(MediaType.TEXT_HTML_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private String page(int status, String heading, String text) {
        String app = webapps + "/app/";
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>After-sales: %1$s</title>
                <style>
                  body { margin: 0; font-family: "Helvetica Neue", Helvetica, Arial, sans-serif; color: #333; background: #f7f7f7; }
                  header { display: flex; align-items: center; gap: 10px; padding: 8px 20px; background: #fff;
                           border-top: 3px solid #0f5f7a; border-bottom: 1px solid #ddd; }
                  header img { width: 28px; height: 28px; }
                  header span { color: #0f5f7a; font-weight: 600; font-size: 18px; }
                  main { max-width: 640px; margin: 60px auto; padding: 24px 32px; background: #fff; border: 1px solid #ddd; border-radius: 6px; }
                  h1 { font-size: 22px; margin-top: 0; }
                  ul { padding-left: 20px; line-height: 1.8; }
                  a { color: #0f5f7a; }
                  .status { color: #888; font-size: 13px; }
                </style>
                </head>
                <body>
                <header><img src="%3$sassets/after-sales-logo.svg" alt=""><span>After-sales</span></header>
                <main class="after-sales-error">
                <h1>%1$s</h1>
                <p>%2$s</p>
                <ul>
                  <li><a href="%4$stasklist/default/">Tasklist</a>: the cases' tasks, for agents and team leads</li>
                  <li><a href="%4$scockpit/default/">Cockpit</a>: processes, decisions and incidents, for process owners</li>
                  <li><a href="%4$swelcome/default/">Start page</a>: your profile, and log out there to switch user</li>
                </ul>
                <p class="status">HTTP %5$d</p>
                </main>
                </body>
                </html>
                """.formatted(heading, text, webapps + "/", app, status);
    }
}
