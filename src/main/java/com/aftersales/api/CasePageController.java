package com.aftersales.api;

import com.aftersales.cases.CaseRepository;
import com.aftersales.config.WebappSessionLogin;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.util.HtmlUtils;

/**
 * The case page, {@code /cases/{caseId}}: the whole case read-only for a person in a browser, with the same login as
 * Tasklist (config/WebappSessionLogin). The page holds no data of its own: its script ({@code static/case-page/}) reads
 * {@code GET /api/cases/{caseId}} (the case view), the order and the order's other cases from /api, and writes to the
 * buyer with {@code POST /api/cases/{caseId}/messages}. Who opens which case: {@link CaseAccess}; anyone else gets a
 * 403 page, a case that does not exist a 404 page.
 */
@Controller
public class CasePageController {

    private static final String PAGE = read("case-page/case.html");
    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

    private final CaseRepository cases;
    private final CaseAccess access;

    public CasePageController(CaseRepository cases, CaseAccess access) {
        this.cases = cases;
        this.access = access;
    }

    @GetMapping("/cases/{caseId}")
    public ResponseEntity<String> page(@PathVariable String caseId, Authentication caller, HttpServletRequest request) {
        String id = HtmlUtils.htmlEscape(caseId);
        if (cases.find(caseId).isEmpty()) {
            return notice(HttpStatus.NOT_FOUND, "No such case", "There is no case " + id + ".");
        }
        if (!access.opensPage(caller, caseId)) {
            return notice(
                    HttpStatus.FORBIDDEN,
                    "Not your case",
                    HtmlUtils.htmlEscape(caller.getName()) + " may not open case " + id
                            + ". Agents open the cases of the tasks they hold or held; team leads open every case. Ask a team lead"
                            + " if you need this one.");
        }
        String xsrf = WebappSessionLogin.xsrfToken(request);
        String page = PAGE.replace("{{caseId}}", id)
                .replace("{{user}}", HtmlUtils.htmlEscape(caller.getName()))
                .replace("{{mayWrite}}", Boolean.toString(access.writesToBuyer(caller, caseId)))
                .replace("{{xsrfToken}}", xsrf == null ? "" : HtmlUtils.htmlEscape(xsrf));
        return ResponseEntity.ok()
                .contentType(HTML)
                .header("Cache-Control", "no-store")
                .body(page);
    }

    private static ResponseEntity<String> notice(HttpStatus status, String title, String text) {
        return ResponseEntity.status(status)
                .contentType(HTML)
                .header("Cache-Control", "no-store")
                .body("""
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%s</title>
                <link rel="stylesheet" href="/case-page/case-page.css"></head><body><main class="notice">
                <h1>%s</h1><p>%s</p><p><a href="/camunda/app/tasklist/">Back to Tasklist</a></p></main></body></html>""".formatted(title, title, text));
    }

    private static String read(String resource) {
        try (InputStream in = CasePageController.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " is missing");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
