package com.aftersales.api;

import com.aftersales.config.Groups;
import com.aftersales.config.WebappSessionLogin;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.util.HtmlUtils;

/**
 * The policy simulation page, {@code /insights/simulation}, for process owners, team leads and admins, with the
 * Tasklist login of the same browser (config/WebappSessionLogin) or HTTP Basic. The page holds no data: its script
 * ({@code static/simulation-page/}) lists the tables ({@code GET /api/insights/simulations/tables}) and runs
 * {@code POST /api/insights/simulations} with the session's XSRF token. Anyone else gets the app's 403 page
 * (config/WebappErrorPage).
 */
@Controller
public class PolicySimulationPageController {

    /** Who may simulate: the same groups on the page and on /api (config/SecurityConfig). */
    public static final Set<String> SIMULATING_GROUPS = Set.of(Groups.PROCESS_OWNERS, Groups.TEAM_LEADS, Groups.ADMIN);

    private static final String PAGE = read("simulation-page/simulation.html");
    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

    @GetMapping("/insights/simulation")
    public ResponseEntity<String> page(Authentication caller, HttpServletRequest request) {
        boolean allowed = caller != null
                && caller.getAuthorities().stream()
                        .map(GrantedAuthority::getAuthority)
                        .anyMatch(SIMULATING_GROUPS::contains);
        if (!allowed) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN)
                    .contentType(MediaType.TEXT_PLAIN)
                    .body("Policy simulation is for process owners, team leads and admins.");
        }
        String xsrf = WebappSessionLogin.xsrfToken(request);
        String page = PAGE.replace("{{user}}", HtmlUtils.htmlEscape(caller.getName()))
                .replace("{{xsrfToken}}", xsrf == null ? "" : HtmlUtils.htmlEscape(xsrf));
        return ResponseEntity.ok()
                .contentType(HTML)
                .header("Cache-Control", "no-store")
                .body(page);
    }

    private static String read(String resource) {
        try (InputStream in =
                PolicySimulationPageController.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " is missing");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
