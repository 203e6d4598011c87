package com.aftersales.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.api.ApiClient;
import com.aftersales.api.ApiTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 13, R-CARE-3 in Chromium as in {@link TasklistBrowserTest}: a core buyer's case opened after a regular
 * buyer's is served first. The agent opens Tasklist; the work queue hands them both tasks and "My tasks" lists the
 * core buyer's on top, with its priority labelled, and under each task the order, the buyer, the order's value, the
 * buyer's tier and the case, so two cancellations no longer look the same. Screenshot in
 * {@code target/browser-artifacts/}: tasklist-core-buyer-first.png.
 */
@ExtendWith(TasklistBrowserTest.ChromiumInstalled.class)
class WorkQueueBrowserTest extends ApiTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Autowired
    TaskService tasks;

    @Test
    void rCare3_coreBuyersTaskOnTopOfMyTasks_eachTaskShowsOrderBuyerValueAndTier() throws IOException {
        String regularOrder = order("REGULAR", "35.50");
        String regularCase = cancellation(regularOrder);
        String coreOrder = order("CORE", "20.00");
        String coreCase = cancellation(coreOrder);
        String regularTask = taskOf(regularCase);
        String coreTask = taskOf(coreCase);
        // the agent holds 8 tasks of their own and the rest of the team's backlog is set aside: the queue hands out
        // these two
        // first: the tasks the agent held from earlier tests go back to the team, and are parked with the rest
        List<String> held = agentHolds(tasks, "agent", 8);
        List<String> parked = parkTeamBacklogExcept(tasks, regularTask, coreTask);

        Files.createDirectories(Path.of("target", "browser-artifacts"));
        Path profile = Files.createTempDirectory("work-queue-chromium-");
        WebDriver browser = TasklistBrowserTest.startChromium(profile);
        try {
            WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(200));
            wait.ignoring(StaleElementReferenceException.class);
            TasklistBrowserTest.logIn(browser, "http://127.0.0.1:" + port + "/camunda/app/tasklist/default/", "agent");

            By core = taskInList(coreTask);
            By regular = taskInList(regularTask);
            // the queue seats the agent on Tasklist's first list and hands out the tasks; a reload shows them if the
            // first list came before
            for (int attempt = 1; ; attempt++) {
                try {
                    new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(200))
                            .until(d -> !d.findElements(core).isEmpty()
                                    && !d.findElements(regular).isEmpty());
                    break;
                } catch (org.openqa.selenium.TimeoutException notYet) {
                    TasklistBrowserTest.screenshot(browser, "tasklist-core-buyer-first-attempt-" + attempt + ".png");
                    if (attempt == 4) throw notYet;
                    browser.navigate().refresh();
                }
            }
            TasklistBrowserTest.screenshot(browser, "tasklist-core-buyer-first.png");
            List<WebElement> items = browser.findElements(By.cssSelector("li.task"));
            assertThat(items.get(0).getText())
                    .as("the core buyer's task, opened last, is on top")
                    .contains(coreOrder);
            WebElement coreItem = browser.findElement(core);
            String coreText = coreItem.getText().replaceAll("\\s+", " ");
            assertThat(coreText)
                    .contains("Ask buyer whether to cancel")
                    .contains("Order: " + coreOrder)
                    .contains("Buyer: Ana Ruiz")
                    .contains("Order value: 20.00 USD")
                    .contains("Buyer tier: CORE")
                    .contains("Case: " + coreCase)
                    .contains("60");
            assertThat(browser.findElement(regular).getText().replaceAll("\\s+", " "))
                    .contains("Order: " + regularOrder, "Order value: 35.50 USD", "Buyer tier: REGULAR", "50");
            Object label = ((JavascriptExecutor) browser)
                    .executeScript(
                            "return getComputedStyle(arguments[0].querySelector('.priority'), '::before').content;",
                            coreItem);
            assertThat(label).as("the priority says what it is").isEqualTo("\"Priority \"");
            // logging out ends the agent's seat in the work queue: their tasks go back to the team
            CasePageBrowserTest.logOut(browser, "http://127.0.0.1:" + port + "/camunda/app/tasklist/default/");
        } finally {
            browser.quit();
            TasklistBrowserTest.deleteQuietly(profile);
            held.forEach(tasks::deleteTask);
            parked.forEach(id -> tasks.setAssignee(id, null));
            // also when the test failed before its logout, so that the tests after it start from the team's queue
            tasks.createTaskQuery().taskAssignee("agent").list().forEach(t -> tasks.setAssignee(t.getId(), null));
        }
    }

    /** The list item of the task (its link's parent item). */
    private static By taskInList(String taskId) {
        return By.xpath("//li[contains(@class,'task')][.//h4//a[contains(@href,'task=" + taskId + "')]]");
    }

    private String order(String tier, String unitPrice) {
        String orderId = "A-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        ApiClient.Response created = api.call(
                "PUT",
                "/api/orders/" + orderId,
                "shop",
                ApiClient.orderJson(orderId, "SHIPPED", unitPrice, """
                                {"carrier": "DHL", "trackingNumber": "JD21", "handedToCarrier": false}""")
                        .replaceFirst("\\{", "{\"customerTier\": \"" + tier + "\", "));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return orderId;
    }

    private String cancellation(String orderId) {
        return openCaseId(
                "{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", \"description\": \"Ordered twice\"}");
    }

    private String taskOf(String caseId) {
        api.awaitCase(caseId, v -> hasTask(v, "Task_ConfirmCancellationWithBuyer"));
        return tasks.createTaskQuery()
                .processInstanceBusinessKey(caseId)
                .singleResult()
                .getId();
    }
}
