package com.aftersales.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.util.HtmlUtils;

/**
 * The insights page, {@code /insights} (R-CARE-4, issue 14): for process owners, team leads and admins, with the
 * Tasklist login of the same browser (config/WebappSessionLogin) or HTTP Basic; anyone else gets the webapps' 403 page
 * (config/SecurityConfig). The page holds no data: its script ({@code static/insights-page/}) reads
 * {@code GET /api/insights} and draws the figures as SVG, with filters and a CSV download per table.
 */
@Controller
public class InsightsPageController {

    private static final String PAGE = read("insights-page/insights.html");

    @GetMapping("/insights")
    public ResponseEntity<String> page(Authentication caller) {
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header("Cache-Control", "no-store")
                .body(PAGE.replace("{{user}}", HtmlUtils.htmlEscape(caller.getName())));
    }

    private static String read(String resource) {
        try (InputStream in = InsightsPageController.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " is missing");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
