package com.aftersales.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.api.ApiTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 14 in a real browser: a process owner logged in to Cockpit opens the policy simulation page
 * ({@code /insights/simulation}, same login), uploads reship-eligibility.dmn with the reship limit lowered from 30 to
 * 20, runs it on the last 30 days and sees the summary, the from → to breakdown and the changed cases, each linked to
 * its case page; an agent gets the app's 403 page. Screenshots in {@code target/browser-artifacts/}:
 * simulation-form.png, simulation-result.png.
 */
@ExtendWith(TasklistBrowserTest.ChromiumInstalled.class)
class PolicySimulationBrowserTest extends ApiTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void processOwnerUploadsAChangedReshipLimit_seesTheChangedDecisionsAndCases() throws IOException {
        String caseId = severeDamage("25.00");
        Path folder = Files.createTempDirectory("simulation-upload-");
        Path changed = folder.resolve("reship-eligibility.dmn");
        Files.writeString(
                changed,
                Files.readString(Path.of("bpmn", "reship-eligibility.dmn"))
                        .replace("<text>&lt;= 30</text>", "<text>&lt;= 20</text>")
                        .replace("<text>&gt; 30</text>", "<text>&gt; 20</text>"));

        Files.createDirectories(Path.of("target", "browser-artifacts"));
        Path profile = Files.createTempDirectory("simulation-chromium-");
        WebDriver browser = TasklistBrowserTest.startChromium(profile);
        String base = "http://127.0.0.1:" + port;
        try {
            WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(100));
            wait.ignoring(StaleElementReferenceException.class);
            logIn(browser, base + "/camunda/app/cockpit/default/", "owner");
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("form[name='signinForm']")));

            browser.get(base + "/insights/simulation");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#simulation-page.loaded")));
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Policy simulation");
            browser.findElement(By.id("dmn-file"))
                    .sendKeys(changed.toAbsolutePath().toString());
            TasklistBrowserTest.screenshot(browser, "simulation-form.png");

            browser.findElement(By.id("run")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#simulation-page.simulated")));
            String summary = browser.findElement(By.id("summary")).getText();
            assertThat(summary)
                    .contains("of ReshipEligibility", "uploaded file reship-eligibility.dmn", "would change");
            List<WebElement> breakdown = browser.findElements(By.cssSelector("#breakdown tbody tr"));
            assertThat(breakdown).isNotEmpty();
            assertThat(breakdown.get(0).getText()).startsWith("true false");
            WebElement link = browser.findElement(By.cssSelector("#cases a[href='/cases/" + caseId + "']"));
            assertThat(link.getText()).isEqualTo(caseId);
            assertThat(link.findElement(By.xpath("./ancestor::tr")).getText())
                    .contains("25.00 USD", "true", "false", "+25.00", "-1");
            assertThat(browser.findElement(By.id("money-how")).getText()).contains("refund of the order value");
            TasklistBrowserTest.screenshot(browser, "simulation-result.png");

            // the case page of a changed case opens with the same login
            link.click();
            wait.until(ExpectedConditions.urlContains("/cases/" + caseId));
            new WebDriverWait(browser, Duration.ofSeconds(90), Duration.ofMillis(200))
                    .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#case-page.loaded")));
        } catch (RuntimeException | AssertionError e) {
            TasklistBrowserTest.failureArtifacts(browser);
            throw e;
        } finally {
            browser.quit();
            TasklistBrowserTest.deleteQuietly(profile);
            Files.deleteIfExists(changed);
            Files.deleteIfExists(folder);
        }
    }

    private static void logIn(WebDriver browser, String app, String user) {
        By name = By.cssSelector("form[name='signinForm'] input[type='text']");
        for (int attempt = 1; ; attempt++) {
            browser.get(app);
            try {
                new WebDriverWait(browser, WAIT, Duration.ofMillis(200))
                        .until(ExpectedConditions.visibilityOfElementLocated(name))
                        .sendKeys(user);
                break;
            } catch (org.openqa.selenium.TimeoutException stuck) {
                if (attempt == 4) throw stuck;
            }
        }
        browser.findElement(By.cssSelector("form[name='signinForm'] input[type='password']"))
                .sendKeys(user);
        browser.findElement(By.cssSelector("form[name='signinForm'] button[type='submit']"))
                .click();
    }

    /** A damaged-item case with the order value given, assessed as severe: the reship limit decides (R-DMG-3/4). */
    private String severeDamage(String unitPrice) {
        String orderId = newOrder("DELIVERED", unitPrice, """
                {"carrier": "DHL", "trackingNumber": "JD92", "deliveredAt": "2026-11-28T10:00:00Z"}""");
        String caseId =
                openCaseId("{\"orderId\": \"" + orderId + "\", \"type\": \"DAMAGED\", \"description\": \"Cracked\", "
                        + "\"evidence\": [\"https://files.example.com/crack.jpg\"]}");
        api.awaitCase(caseId, v -> hasTask(v, "Task_AssessDamage"));
        agentSubmits(caseId, "AssessDamage", "{\"damageSeverity\": {\"value\": \"SEVERE\"}}");
        api.awaitCase(caseId, v -> v.get("decisions").toString().contains("ReshipEligibility"));
        return caseId;
    }
}
