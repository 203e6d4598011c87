package com.aftersales.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.api.ApiTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 12: a process owner finds a finished case in Cockpit (the "Finished cases" tab of config/FinishedCasesPlugin
 * on the process definition's page) and, from it, the decision that decided it (Cockpit's decision instance page).
 * Chromium headless as in {@link TasklistBrowserTest}; screenshots in {@code target/browser-artifacts/}.
 */
@ExtendWith(TasklistBrowserTest.ChromiumInstalled.class)
class CockpitBrowserTest extends ApiTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void rDmg3_ownerSeesTheFinishedCaseAndTheReshipDecisionInCockpit() throws IOException {
        String orderId = newOrder("DELIVERED", "25.00", """
                {"carrier": "DHL", "trackingNumber": "JD91", "deliveredAt": "2026-11-28T10:00:00Z"}""");
        String caseId =
                openCaseId("{\"orderId\": \"" + orderId + "\", \"type\": \"DAMAGED\", \"description\": \"Lid broken\", "
                        + "\"evidence\": [\"https://files.example.com/lid.jpg\"]}");
        api.awaitCase(caseId, v -> hasTask(v, "Task_AssessDamage"));
        agentSubmits(caseId, "AssessDamage", "{\"damageSeverity\": {\"value\": \"SEVERE\"}}");
        api.awaitCase(caseId, v -> hasTask(v, "Task_FileCarrierClaim"));
        agentSubmits(caseId, "FileCarrierClaim", "{\"claimReference\": {\"value\": \"DHL-CLM-91\"}}");
        api.awaitCase(caseId, v -> v.get("openTasks").isEmpty());
        JsonNode finished = api.call(
                        "GET",
                        "/engine-rest/history/process-instance?finished=true&processDefinitionKey=Process_DamagedItem"
                                + "&processInstanceBusinessKey=" + caseId,
                        "owner",
                        null)
                .json();
        assertThat(finished).hasSize(1);
        String definitionId = finished.get(0).get("processDefinitionId").asText();

        Files.createDirectories(Path.of("target", "browser-artifacts"));
        Path profile = Files.createTempDirectory("cockpit-chromium-");
        WebDriver browser = TasklistBrowserTest.startChromium(profile);
        try {
            WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(100));
            wait.ignoring(StaleElementReferenceException.class);
            String cockpit = "http://127.0.0.1:" + port + "/camunda/app/cockpit/default/";
            TasklistBrowserTest.logIn(browser, cockpit, "owner");

            browser.get(cockpit + "#/process-definition/" + definitionId + "/runtime");
            wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//a[normalize-space(.)='Finished cases']")))
                    .click();
            By row = By.xpath("//div[contains(@class,'finished-cases')]//tr[td[normalize-space(.)='" + caseId + "']]");
            wait.until(ExpectedConditions.visibilityOfElementLocated(row));
            assertThat(browser.findElement(row).getText()).contains("COMPLETED");
            browser.findElement(row)
                    .findElement(By.xpath(".//a[normalize-space(.)='show']"))
                    .click();
            By reship = By.xpath("//div[contains(@class,'finished-cases')]//tr[td[normalize-space(.)='" + caseId + "']]"
                    + "//a[starts-with(normalize-space(.),'Reship within the reship limit?')]");
            wait.until(ExpectedConditions.visibilityOfElementLocated(reship));
            TasklistBrowserTest.screenshot(browser, "cockpit-finished-cases.png");

            browser.findElement(reship).click();
            wait.until(ExpectedConditions.urlContains("/decision-instance/"));
            // Cockpit draws the table and highlights the row of the rule that matched
            wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.xpath("//tr[contains(@class,'highlight')][td[@data-row-id='Rule_LowValue']]")));
            assertThat(browser.findElements(
                            By.xpath("//tr[contains(@class,'highlight')][td[@data-row-id='Rule_HighValue']]")))
                    .isEmpty();
            TasklistBrowserTest.screenshot(browser, "cockpit-reship-decision.png");
        } catch (RuntimeException | AssertionError e) {
            TasklistBrowserTest.failureArtifacts(browser);
            throw e;
        } finally {
            browser.quit();
            TasklistBrowserTest.deleteQuietly(profile);
        }
    }
}
