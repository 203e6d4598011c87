package com.aftersales.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.api.ApiTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Comment;
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
 * Issue 13, "Tasklist fits the team", in Chromium as in {@link TasklistBrowserTest}: an agent's Tasklist carries the
 * app's name and logo, no "It is time to migrate to Camunda 8" banner, no "Create task" and no "Start process", and
 * "Add Comment" saves the comment (on the task and on the case's timeline). A process owner who opens Tasklist gets
 * a page saying Tasklist is for agents and team leads, with the way to Cockpit, which carries the app's name too
 * (as does the start page).
 * Screenshots in {@code target/browser-artifacts/}: tasklist-team-header.png, tasklist-comment-saved.png,
 * tasklist-owner-refused.png, cockpit-team-header.png.
 */
@ExtendWith(TasklistBrowserTest.ChromiumInstalled.class)
class TasklistTeamBrowserTest extends ApiTestSupport {

    /** Generous: the first page of a webapp in a fresh browser takes a while on a loaded machine. */
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static final String COMMENT = "Called the buyer twice, no answer; trying again tomorrow.";

    @Autowired
    TaskService tasks;

    @Test
    void agentSeesTheAppsTasklist_noCamunda8Banner_noCreateTaskOrStartProcess_andSavesAComment() throws IOException {
        String orderId = newOrder("SHIPPED", "30.00", """
                {"carrier": "DHL", "trackingNumber": "JD13", "handedToCarrier": false}""");
        String caseId = openCaseId("{\"orderId\": \"" + orderId
                + "\", \"type\": \"CANCELLATION\", \"description\": \"Ordered by mistake\"}");
        api.awaitCase(caseId, v -> hasTask(v, "Task_ConfirmCancellationWithBuyer"));
        String taskId = api.call("GET", "/engine-rest/task?processInstanceBusinessKey=" + caseId, "agent", null)
                .json()
                .get(0)
                .get("id")
                .asText();
        // set-up as in TasklistBrowserTest: the work queue hands this task to the agent first
        tasks.createTaskQuery().taskAssignee("agent").list().forEach(task -> tasks.setAssignee(task.getId(), null));
        tasks.setPriority(taskId, 100);

        Files.createDirectories(Path.of("target", "browser-artifacts"));
        Path profile = Files.createTempDirectory("tasklist-team-chromium-");
        WebDriver browser = TasklistBrowserTest.startChromium(profile);
        try {
            WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(100));
            wait.ignoring(StaleElementReferenceException.class);
            login(browser, wait, "tasklist", "agent");
            By taskInList = By.cssSelector("li.task h4.task a[href*='task=" + taskId + "']");
            wait.until(ExpectedConditions.elementToBeClickable(taskInList)).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".fjs-container"), orderId));

            // the header: the app's name and logo, no banner, no "Create task", no "Start process"
            assertAppHeader(browser, wait, "After-sales Tasks");
            assertThat(displayed(browser, "li.create-task-action"))
                    .as("Create task")
                    .isFalse();
            assertThat(displayed(browser, "li.start-process-action"))
                    .as("Start process")
                    .isFalse();
            assertThat(browser.findElements(
                            By.xpath("//*[normalize-space(.)='Create task' or normalize-space(.)='Start process']")))
                    .noneMatch(WebElement::isDisplayed);
            TasklistBrowserTest.screenshot(browser, "tasklist-team-header.png");

            // "Add Comment": the dialog closes without an error, the comment is the agent's
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("a.createCommentLink")))
                    .click();
            WebElement message =
                    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("comment-form-message")));
            message.sendKeys(COMMENT);
            browser.findElement(By.cssSelector(".modal-footer button[type='submit']"))
                    .click();
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("comment-form-message")));
            assertThat(browser.findElements(By.cssSelector(".alert-danger")))
                    .as("no 'Comment could not be saved'")
                    .noneMatch(WebElement::isDisplayed);
            List<Comment> comments = tasks.getTaskComments(taskId);
            assertThat(comments).extracting(Comment::getFullMessage).containsExactly(COMMENT);
            assertThat(comments.get(0).getUserId()).isEqualTo("agent");
            // Tasklist's History tab lists it
            wait.until(ExpectedConditions.elementToBeClickable(
                            By.xpath("//ul[contains(@class,'nav-tabs')]//a[normalize-space(.)='History']")))
                    .click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath(
                    "//*[contains(@class,'history')]//*[contains(normalize-space(.), " + "'" + COMMENT + "')]")));
            TasklistBrowserTest.screenshot(browser, "tasklist-comment-saved.png");

            // log out: the work queue gives the agent's tasks back to the team
            wait.until(ExpectedConditions.elementToBeClickable(
                            By.cssSelector("li.account.dropdown > a.dropdown-toggle")))
                    .click();
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("li.account li.logout > a")))
                    .click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form[name='signinForm']")));
        } catch (RuntimeException | AssertionError e) {
            TasklistBrowserTest.failureArtifacts(browser);
            throw e;
        } finally {
            browser.quit();
            TasklistBrowserTest.deleteQuietly(profile);
        }
        tasks.setPriority(taskId, 50);

        // the comment is on the case's timeline
        List<String> timeline = new ArrayList<>();
        api.call("GET", "/api/cases/" + caseId, "shop", null)
                .json()
                .get("timeline")
                .forEach(e -> timeline.add(e.get("what").asText()));
        assertThat(timeline)
                .contains("Comment on \"Ask buyer whether to cancel\" (Task_ConfirmCancellationWithBuyer) by agent: "
                        + COMMENT);
    }

    @Test
    void ownerOpeningTasklistGetsAClearPage_andCockpitFromThere() throws IOException {
        Files.createDirectories(Path.of("target", "browser-artifacts"));
        Path profile = Files.createTempDirectory("tasklist-owner-chromium-");
        WebDriver browser = TasklistBrowserTest.startChromium(profile);
        try {
            WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(100));
            wait.ignoring(StaleElementReferenceException.class);
            // logged in on the start page (lighter than Cockpit's), as the app menu of any webapp would take them on
            login(browser, wait, "welcome", "owner");
            assertAppHeader(browser, wait, "After-sales Home");

            browser.get("http://127.0.0.1:" + port + "/camunda/app/tasklist/default/");
            WebElement page =
                    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("main.after-sales-error")));
            assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Tasklist is for agents and team leads");
            assertThat(page.getText())
                    .contains("Process owners follow the processes and their decisions in Cockpit")
                    .doesNotContain("Whitelabel")
                    .doesNotContain("urn:after-sales");
            assertThat(browser.getPageSource()).as("not problem+json").doesNotContain("\"type\":");
            TasklistBrowserTest.screenshot(browser, "tasklist-owner-refused.png");

            page.findElement(By.linkText("Cockpit")).click();
            assertAppHeader(browser, wait, "After-sales Processes");
            TasklistBrowserTest.screenshot(browser, "cockpit-team-header.png");
        } catch (RuntimeException | AssertionError e) {
            TasklistBrowserTest.failureArtifacts(browser);
            throw e;
        } finally {
            browser.quit();
            TasklistBrowserTest.deleteQuietly(profile);
        }
    }

    private void login(WebDriver browser, WebDriverWait wait, String app, String user) throws IOException {
        TasklistBrowserTest.logIn(browser, "http://127.0.0.1:" + port + "/camunda/app/" + app + "/default/", user);
    }

    /** The app's name in the header and the title, its logo instead of Camunda's, no Camunda 8 banner. */
    private static void assertAppHeader(WebDriver browser, WebDriverWait wait, String name) {
        wait.until(ExpectedConditions.textToBe(By.cssSelector("[cam-widget-header] .navbar-brand .brand-name"), name));
        wait.until(ExpectedConditions.titleContains(name));
        String logo = (String)
                ((JavascriptExecutor) browser)
                        .executeScript(
                                "return getComputedStyle(document.querySelector('[cam-widget-header] .brand-logo')).backgroundImage;");
        assertThat(logo).contains("after-sales-logo.svg");
        assertThat(browser.findElements(By.cssSelector("[cam-widget-header] .brand-logo svg")))
                .as("Camunda's logo")
                .noneMatch(WebElement::isDisplayed);
        assertThat(displayed(browser, ".ce-eol-banner"))
                .as("the 'migrate to Camunda 8' banner")
                .isFalse();
    }

    private static boolean displayed(WebDriver browser, String css) {
        return browser.findElements(By.cssSelector(css)).stream().anyMatch(WebElement::isDisplayed);
    }
}
