package com.aftersales.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.api.ApiClient;
import com.aftersales.api.ApiTestSupport;
import com.aftersales.messaging.BuyerMessageOutbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 13 in a real browser: an agent opens a task in Tasklist, reads the case card at the top of its form, follows
 * "Open the case" to the case page (the Tasklist login is enough), writes to the buyer there (R-CARE-1) and sees the
 * message on the case's timeline. Chromium headless as in {@link TasklistBrowserTest}; screenshots in
 * {@code target/browser-artifacts/}: case-card-in-tasklist.png, case-page.png, case-page-message-sent.png.
 */
@ExtendWith(TasklistBrowserTest.ChromiumInstalled.class)
class CasePageBrowserTest extends ApiTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String MESSAGE = "Your parcel is still in our warehouse; we are checking it today.";

    @Autowired
    TaskService tasks;

    @Autowired
    BuyerMessageOutbox outbox;

    @Test
    void agentFollowsTheCaseCardToTheCasePage_andWritesToTheBuyer() throws IOException {
        String orderId = "A-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        ApiClient.Response order = api.call(
                "PUT",
                "/api/orders/" + orderId,
                "shop",
                ApiClient.orderJson(
                        orderId,
                        "SHIPPED",
                        "40.00",
                        "{\"carrier\": \"DHL\", \"trackingNumber\": \"JD0013\", \"handedToCarrier\": false}"));
        assertThat(order.status()).isEqualTo(201);
        String caseId = openCaseId("{\"orderId\": \"" + orderId
                + "\", \"type\": \"CANCELLATION\", \"description\": \"Ordered the wrong colour\"}");
        api.awaitCase(caseId, v -> hasTask(v, "Task_ConfirmCancellationWithBuyer"));
        String taskId = tasks.createTaskQuery()
                .processInstanceBusinessKey(caseId)
                .singleResult()
                .getId();
        // the agent starts with an empty queue and this case is the most urgent: the work queue hands it to them
        tasks.createTaskQuery().taskAssignee("agent").list().forEach(task -> tasks.setAssignee(task.getId(), null));
        tasks.setPriority(taskId, 100);

        Files.createDirectories(Path.of("target", "browser-artifacts"));
        Path profile = Files.createTempDirectory("case-page-chromium-");
        WebDriver browser = TasklistBrowserTest.startChromium(profile);
        String tasklist = "http://127.0.0.1:" + port + "/camunda/app/tasklist/";
        try {
            WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(100));
            wait.ignoring(StaleElementReferenceException.class);
            TasklistBrowserTest.logIn(browser, tasklist, "agent");
            wait.until(ExpectedConditions.elementToBeClickable(
                            By.cssSelector("li.task h4.task a[href*='task=" + taskId + "']")))
                    .click();

            // 1. The case card, first thing on the form.
            By form = By.cssSelector(".fjs-container");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(form, caseId));
            WebElement card = browser.findElements(By.cssSelector(".fjs-container .fjs-form-field-text"))
                    .get(0);
            assertThat(card.getText().replaceAll("\\s+", " "))
                    .isEqualTo(
                            "Case " + caseId + " · CANCELLATION · status OPEN · order " + orderId + " · Open the case");
            WebElement open = card.findElement(By.linkText("Open the case"));
            assertThat(open.getDomAttribute("href")).isEqualTo("/cases/" + caseId);
            TasklistBrowserTest.screenshot(browser, "case-card-in-tasklist.png");

            // 2. Follow it: the case page, with the Tasklist login (a new tab if form-js opens links in one).
            String tasklistWindow = browser.getWindowHandle();
            open.click();
            wait.until(d -> d.getWindowHandles().size() > 1 || d.getCurrentUrl().contains("/cases/"));
            Set<String> windows = browser.getWindowHandles();
            windows.stream()
                    .filter(w -> !w.equals(tasklistWindow))
                    .findFirst()
                    .ifPresent(w -> browser.switchTo().window(w));
            assertThat(browser.getCurrentUrl()).endsWith("/cases/" + caseId);
            new WebDriverWait(browser, Duration.ofSeconds(90), Duration.ofMillis(200))
                    .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#case-page.loaded")));
            assertThat(browser.findElement(By.id("case-type")).getText()).isEqualTo("CANCELLATION");
            assertThat(browser.findElement(By.id("case-status")).getText()).isEqualTo("OPEN");
            String orderCard = browser.findElement(By.id("order")).getText().replaceAll("\\s+", " ");
            assertThat(orderCard)
                    .contains(orderId, "AMAZON", "40.00 USD + shipping 4.99 USD", "Ana Ruiz (B-77, ana@example.com)");
            assertThat(browser.findElement(By.id("open-tasks")).getText())
                    .contains("Ask buyer whether to cancel — held by agent");
            assertThat(browser.findElement(By.id("deadlines")).getText()).contains("Ask buyer whether to cancel: due");
            TasklistBrowserTest.screenshot(browser, "case-page.png");

            // 3. Write to the buyer in one's own words; the message is on top of the timeline.
            browser.findElement(By.id("message-text")).sendKeys(MESSAGE);
            browser.findElement(By.id("message-send")).click();
            wait.until(ExpectedConditions.textToBe(By.id("message-result"), "Sent to the buyer."));
            By newest = By.cssSelector("#timeline li:first-child");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    newest, "Message to buyer by agent (free-text): " + MESSAGE));
            TasklistBrowserTest.screenshot(browser, "case-page-message-sent.png");

            browser.switchTo().window(tasklistWindow);
            logOut(browser, tasklist);
        } catch (RuntimeException | AssertionError e) {
            try {
                System.out.println(
                        "Requests the page made: "
                                + ((JavascriptExecutor) browser)
                                        .executeScript(
                                                "return performance.getEntriesByType('resource').map(r => r.name + ' ' + Math.round(r.duration) + ' ms').join('\\n')"));
            } catch (RuntimeException notAvailable) {
                System.out.println("No request timings: " + notAvailable.getMessage());
            }
            TasklistBrowserTest.failureArtifacts(browser);
            try {
                logOut(browser, tasklist);
            } catch (RuntimeException | AssertionError notLoggedOut) {
                e.addSuppressed(notLoggedOut);
            }
            throw e;
        } finally {
            browser.quit();
            TasklistBrowserTest.deleteQuietly(profile);
        }
        assertThat(outbox.forCase(caseId))
                .extracting(m -> m.template() + ": " + m.body())
                .containsExactly("free-text: " + MESSAGE);
        tasks.setPriority(taskId, 50);
    }

    /** Tasklist's "Log out", so that the work queue gives the agent's tasks back to the team (other tests count on it). */
    static void logOut(WebDriver browser, String tasklist) {
        WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(200));
        browser.get(tasklist);
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("li.account.dropdown > a.dropdown-toggle")))
                .click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("li.account li.logout > a")))
                .click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form[name='signinForm']")));
    }
}
