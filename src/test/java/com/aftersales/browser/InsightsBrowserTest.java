package com.aftersales.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.api.ApiTestSupport;
import com.aftersales.api.InsightsSeed;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 14 in a real browser: a process owner logs in to Cockpit, opens the insights page {@code /insights} with the
 * same login, reads March 2024's figures (the cases of {@link InsightsSeed}) as tiles, SVG charts and tables, filters by
 * platform, and finds a CSV download per table. Screenshots in {@code target/browser-artifacts/}: insights-overview.png,
 * insights-money.png, insights-skus.png, insights-amazon.png.
 */
@ExtendWith(TasklistBrowserTest.ChromiumInstalled.class)
class InsightsBrowserTest extends ApiTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void processOwnerReadsTheInsightsOfMarch_filtersByPlatform_downloadsCsv() throws IOException {
        InsightsSeed seed = InsightsSeed.march(jdbc, api, 2024);

        Files.createDirectories(Path.of("target", "browser-artifacts"));
        Path profile = Files.createTempDirectory("insights-chromium-");
        WebDriver browser = TasklistBrowserTest.startChromium(profile);
        String base = "http://127.0.0.1:" + port;
        try {
            WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(100));
            wait.ignoring(StaleElementReferenceException.class);
            TasklistBrowserTest.logIn(browser, base + "/camunda/app/cockpit/default/", "owner");

            // 1. Overview: the period's volumes, weekly columns and time to resolve
            browser.get(base + "/insights?from=2024-03-01&to=2024-03-16");
            By loaded = By.cssSelector("body[data-loaded='true']");
            wait.until(ExpectedConditions.presenceOfElementLocated(loaded));
            assertThat(text(browser, "tile-opened")).startsWith("7");
            assertThat(text(browser, "tile-without-person")).startsWith("33.3 %");
            assertThat(text(browser, "tile-reopened")).startsWith("16.7 %");
            assertThat(browser.findElements(By.cssSelector("#chart-weeks svg rect.bar-opened")))
                    .isNotEmpty();
            // 2024 is a leap year: C8 (02-20 to 03-05) took 336 h, so p90 = 144 + 0.7 * (336 - 144)
            assertThat(text(browser, "table-resolve")).contains("DAMAGED 4 84 278.4");
            assertThat(browser.findElement(By.id("simulation-link")).getDomAttribute("href"))
                    .isEqualTo("/insights/simulation");
            TasklistBrowserTest.screenshot(browser, "insights-overview.png");

            // 2. Money: refunds by policy rule as bars and a table with its CSV
            browser.findElement(By.cssSelector("#views a[data-view='money']")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("view-money")));
            assertThat(browser.findElements(By.cssSelector("#chart-rules svg rect")))
                    .hasSize(3);
            assertThat(text(browser, "table-rules"))
                    .contains("DAMAGED R-DMG-3 2 50.00 EUR", "CANCELLATION R-CAN-1 1 40.00 USD");
            assertThat(text(browser, "table-debits")).contains("GRANTED_SELLER_FUNDED 1 25.00 USD");
            String csv = URLDecoder.decode(
                    browser.findElement(By.cssSelector("#table-rules a.csv"))
                            .getDomAttribute("href")
                            .substring("data:text/csv;charset=utf-8,".length()),
                    StandardCharsets.UTF_8);
            assertThat(csv)
                    .startsWith("purpose,policy rule,refunds,amount,currency\r\n")
                    .contains("DAMAGED,R-DMG-3,2,50.00,EUR\r\n");
            TasklistBrowserTest.screenshot(browser, "insights-money.png");

            // 3. SKUs and SLA: what to fix
            browser.findElement(By.cssSelector("#views a[data-view='skus']")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("view-skus")));
            assertThat(text(browser, "table-skus")).contains("DAMAGED " + seed.sku("MUG") + " 2");
            assertThat(text(browser, "table-sla")).contains("R-SLA-1 3 2 7 0.2857");
            assertThat(text(browser, "table-platforms")).contains("SHOP 2 1 1");
            TasklistBrowserTest.screenshot(browser, "insights-skus.png");

            // 4. Filter: Amazon only
            new Select(browser.findElement(By.id("platform"))).selectByVisibleText("AMAZON");
            browser.findElement(By.id("apply")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(loaded));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("table-platforms"), "AMAZON 3 1 0"));
            assertThat(text(browser, "table-platforms")).doesNotContain("SHOP");
            browser.findElement(By.cssSelector("#views a[data-view='overview']"))
                    .click();
            assertThat(text(browser, "tile-opened")).startsWith("3");
            TasklistBrowserTest.screenshot(browser, "insights-amazon.png");
        } catch (RuntimeException | AssertionError e) {
            TasklistBrowserTest.failureArtifacts(browser);
            throw e;
        } finally {
            browser.quit();
            TasklistBrowserTest.deleteQuietly(profile);
        }
    }

    private static String text(WebDriver browser, String id) {
        return browser.findElement(By.id(id)).getText().replaceAll("\\s+", " ");
    }
}
