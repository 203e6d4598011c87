package com.aftersales.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.config.TasklistFilters;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.camunda.bpm.engine.impl.TaskQueryProperty;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * R-CARE-3, customer tiers: the shop sends the buyer's tier with the order; the CustomerPriority table
 * (bpmn/customer-priority.dmn) gives each agent task a priority and, for core buyers, a shorter deadline; the agents'
 * work queue and the team's Tasklist filters serve core buyers first. Cancellations of orders marked shipped (R-CAN-3)
 * make one agent task each, "Ask buyer whether to cancel", SLA R-SLA-1 (`PT24H`).
 */
class CustomerTiersTest extends ApiTestSupport {

    private static final String ENGINE_API = "/api/engine/engine/default";
    private static final String MARKED_SHIPPED =
            "{\"carrier\": \"UPS\", \"trackingNumber\": \"1Z9\", \"handedToCarrier\": false}";
    private static final Path TABLE = Path.of("bpmn", "customer-priority.dmn");

    @Autowired
    TaskService tasks;

    @Autowired
    FilterService filters;

    @Autowired
    TasklistFilters tasklistFilters;

    @Test
    void rCare3_tierIsAnOptionalCheckedFieldOfTheOrder_REGULARWhenAbsent() {
        String regular = newOrder("PAID", "20.00", null);
        assertThat(api.call("GET", "/api/orders/" + regular, "shop", null)
                        .json()
                        .get("customerTier")
                        .asText())
                .isEqualTo("REGULAR");
        String core = tieredOrder("CORE");
        assertThat(api.call("GET", "/api/orders/" + core, "shop", null)
                        .json()
                        .get("customerTier")
                        .asText())
                .isEqualTo("CORE");

        String unknown = "A-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Response refused = api.call("PUT", "/api/orders/" + unknown, "shop", withTier(unknown, "\"GOLD\""));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body()).contains("customerTier", "CORE", "REGULAR", "AT_RISK");
        assertThat(api.call("GET", "/api/orders/" + unknown, "shop", null).status())
                .as("nothing stored")
                .isEqualTo(404);
    }

    @Test
    void rCare3_coreBuyerOpenedSecond_isServedFirstByTheAgentsWorkQueue_withThePriorityAndShorterDeadlineOfTheTable() {
        Instant before = Instant.now();
        String regularCase = cancellation(newOrder("SHIPPED", "20.00", MARKED_SHIPPED));
        String coreCase = cancellation(tieredOrder("CORE"));
        Instant after = Instant.now();

        // the case view: the tier, and the task's priority and deadline as customer-priority.dmn says
        JsonNode regular = api.awaitCase(regularCase, v -> v.get("openTasks").size() == 1);
        JsonNode core = api.awaitCase(coreCase, v -> v.get("openTasks").size() == 1);
        assertThat(regular.get("customerTier").asText()).isEqualTo("REGULAR");
        assertThat(core.get("customerTier").asText()).isEqualTo("CORE");
        JsonNode regularTask = regular.get("openTasks").get(0);
        JsonNode coreTask = core.get("openTasks").get(0);
        assertThat(regularTask.get("priority").asInt()).as("Rule_Regular").isEqualTo(50);
        assertThat(coreTask.get("priority").asInt()).as("Rule_Core").isEqualTo(60);
        assertDue(regularTask, before, after, Duration.ofHours(24)); // R-SLA-1 PT24H, 100 %
        assertDue(coreTask, before, after, Duration.ofHours(12)); // 50 % of it for a core buyer
        assertThat(core.get("deadlines").get(0).get("due").asText())
                .isEqualTo(coreTask.get("due").asText());
        JsonNode decision = tierDecision(core);
        assertThat(decision.get("inputs").get("customerTier").asText()).isEqualTo("CORE");
        assertThat(decision.get("matchedRules").get(0).get("rule").asText()).isEqualTo("Rule_Core");
        assertThat(decision.get("ruleIds").toString()).contains("R-CARE-3");

        // the agent already holds all but one of their 10 tasks; the rest of the team's backlog is set aside for the
        // test
        String regularId = regularTask.get("taskId").asText();
        String coreId = coreTask.get("taskId").asText();
        // first: the tasks the agent held from earlier tests go back to the team, and are parked with the rest
        List<String> held = agentHolds(tasks, "agent", 9);
        List<String> parked = parkTeamBacklogExcept(tasks, regularId, coreId);
        WebappSession agent = null;
        try {
            // the agent opens Tasklist: the work queue hands them the core buyer's task, not the older regular one
            agent = WebappSession.login(port, "agent", "agent", "tasklist");
            assertThat(agent.loginStatus()).isEqualTo(200);
            List<String> myTasks = myTasks(agent);
            assertThat(myTasks).contains(coreId).doesNotContain(regularId);
            assertThat(myTasks.get(0))
                    .as("My tasks lists the highest priority first")
                    .isEqualTo(coreId);
            assertThat(tasks.createTaskQuery().taskId(regularId).singleResult().getAssignee())
                    .isNull();

            // done with it: the regular buyer's task comes next
            ApiClient.Response completed = agent.post(
                    ENGINE_API + "/task/" + coreId + "/submit-form",
                    "{\"variables\": {\"buyerDecision\": {\"value\": \"KEEP_ORDER\"}}}");
            assertThat(completed.status()).as(completed.body()).isEqualTo(204);
            WebappSession session = agent;
            assertThat(await(() -> myTasks(session).contains(regularId)))
                    .as("the regular buyer's task is handed out next")
                    .isTrue();
        } finally {
            if (agent != null) agent.logout();
            held.forEach(tasks::deleteTask);
            parked.forEach(id -> tasks.setAssignee(id, null));
        }
    }

    @Test
    void rCare3_aNewVersionOfTheTable_changesThePriorityAndDeadlineOfTheNextCase() throws Exception {
        String earlierCase = cancellation(tieredOrder("CORE"));
        String original = Files.readString(TABLE, StandardCharsets.UTF_8);
        String changed = original.replace(
                        "<outputEntry id=\"OutputEntry_CorePriority\"><text>60</text>",
                        "<outputEntry id=\"OutputEntry_CorePriority\"><text>70</text>")
                .replace(
                        "<outputEntry id=\"OutputEntry_CoreSla\"><text>50</text>",
                        "<outputEntry id=\"OutputEntry_CoreSla\"><text>25</text>");
        assertThat(changed).isNotEqualTo(original);
        try {
            ApiClient.Response deployed =
                    deployAsModeler("owner", "customer priority", Map.of("customer-priority.dmn", changed));
            assertThat(deployed.status()).as(deployed.body()).isEqualTo(200);

            Instant before = Instant.now();
            String nextCase = cancellation(tieredOrder("CORE"));
            Instant after = Instant.now();
            JsonNode next = api.awaitCase(nextCase, v -> v.get("openTasks").size() == 1);
            JsonNode task = next.get("openTasks").get(0);
            assertThat(task.get("priority").asInt()).isEqualTo(70);
            assertDue(task, before, after, Duration.ofHours(6)); // 25 % of PT24H
            assertThat(tierDecision(next).get("version").asInt()).isGreaterThan(1);

            JsonNode earlier =
                    api.awaitCase(earlierCase, v -> v.get("openTasks").size() == 1);
            assertThat(earlier.get("openTasks").get(0).get("priority").asInt())
                    .as("a task already created keeps its priority")
                    .isEqualTo(60);
        } finally {
            ApiClient.Response restored =
                    deployAsModeler("owner", "customer priority", Map.of("customer-priority.dmn", original));
            assertThat(restored.status()).as(restored.body()).isEqualTo(200);
        }
    }

    @Test
    void rCare3_theTeamsFilters_sortByPriorityThenDueDate_alsoOnesCreatedBeforeTheSorting() {
        Filter overdue = filters.createFilterQuery().filterName("Overdue").singleResult();
        assertThat(sorting(overdue)).containsExactly(MOST_URGENT_FIRST);
        // as an older version of the app created it: no sorting of its own; the next start gives it the sorting
        overdue.setQuery(tasks.createTaskQuery().dueBeforeExpression("${now()}"));
        filters.saveFilter(overdue);
        assertThat(sorting(filters.getFilter(overdue.getId()))).isEmpty();

        tasklistFilters.run(null);

        assertThat(sorting(filters.getFilter(overdue.getId()))).containsExactly(MOST_URGENT_FIRST);
        assertThat(filters.createFilterQuery().filterName("Overdue").count()).isEqualTo(1);
    }

    @Test
    void rCare3_anAtRiskBuyersCase_getsAProactiveCall_whoseOutcomeIsOnTheTimeline_aRegularBuyersDoesNot() {
        String atRiskCase = cancellation(tieredOrder("AT_RISK"));
        String regularCase = cancellation(newOrder("SHIPPED", "20.00", MARKED_SHIPPED));
        JsonNode atRisk = api.awaitCase(atRiskCase, v -> v.get("openTasks").size() == 2);
        assertThat(atRisk.get("openTasks").findValuesAsText("name"))
                .containsExactlyInAnyOrder("Ask buyer whether to cancel", "Call the at-risk buyer");
        JsonNode regular = api.awaitCase(regularCase, v -> v.get("openTasks").size() == 1);
        assertThat(regular.get("openTasks").findValuesAsText("name")).containsExactly("Ask buyer whether to cancel");

        // the agent calls, as the form submits it
        JsonNode call = api.call(
                        "GET",
                        "/engine-rest/task?processInstanceBusinessKey=" + atRiskCase
                                + "&taskDefinitionKey=Task_CallAtRiskBuyer",
                        "agent",
                        null)
                .json();
        assertThat(call).hasSize(1);
        String callId = call.get(0).get("id").asText();
        assertThat(api.call("GET", "/engine-rest/task/" + callId + "/deployed-form", "agent", null)
                        .json()
                        .get("id")
                        .asText())
                .isEqualTo("CallAtRiskBuyer");
        assertThat(api.call("POST", "/engine-rest/task/" + callId + "/claim", "agent", "{\"userId\": \"agent\"}")
                        .status())
                .isEqualTo(204);
        ApiClient.Response submitted = api.call(
                "POST",
                "/engine-rest/task/" + callId + "/submit-form",
                "agent",
                "{\"variables\": {\"callOutcome\": {\"value\": \"REACHED\"}, "
                        + "\"callNotes\": {\"value\": \"Buyer glad we called; waits for our answer\"}}}");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(204);

        JsonNode after = api.awaitCase(atRiskCase, v -> v.get("openTasks").size() == 1);
        assertThat(after.get("openTasks").findValuesAsText("name")).containsExactly("Ask buyer whether to cancel");
        assertThat(after.get("timeline").findValuesAsText("what"))
                .contains(
                        "Proactive call to the at-risk buyer (R-CARE-3): reached — Buyer glad we called; waits for our answer");
        assertThat(after.get("rulesApplied").toString()).contains("R-CARE-3");
        assertThat(after.get("status").asText())
                .as("the case's own flow goes on")
                .isEqualTo("OPEN");
    }

    @Test
    void rCare3_theTaskListShowsUnderEachTask_theOrderBuyerOrderValueTierAndCase() {
        String coreCase = cancellation(tieredOrder("CORE"));
        String regularCase = cancellation(newOrder("SHIPPED", "35.50", MARKED_SHIPPED));
        api.awaitCase(coreCase, v -> v.get("openTasks").size() == 1);
        api.awaitCase(regularCase, v -> v.get("openTasks").size() == 1);

        // an agent, as Tasklist asks for the list: agents read a task's variables, not its process's
        WebappSession agent = WebappSession.login(port, "agent", "agent", "tasklist", "Accept", "application/hal+json");
        try {
            assertThat(agent.loginStatus()).isEqualTo(200);
            JsonNode filter = filterNamed(agent, "My groups' tasks");
            assertThat(filter.get("properties").get("variables").findValuesAsText("label"))
                    .containsExactly("Order", "Buyer", "Order value", "Buyer tier", "Case");

            Map<String, String> core = listColumns(agent, filter, coreCase);
            assertThat(core)
                    .containsEntry("listOrderValue", "20.00 USD")
                    .containsEntry("listBuyerTier", "CORE")
                    .containsEntry("listBuyerName", "Ana Ruiz")
                    .containsEntry("listCaseId", coreCase);
            assertThat(core.get("listOrderId")).startsWith("A-");
            Map<String, String> regular = listColumns(agent, filter, regularCase);
            assertThat(regular)
                    .containsEntry("listOrderValue", "35.50 USD")
                    .containsEntry("listBuyerTier", "REGULAR")
                    .containsEntry("listCaseId", regularCase);
            assertThat(regular.get("listOrderId")).isNotEqualTo(core.get("listOrderId"));
        } finally {
            agent.logout();
        }
    }

    @Test
    void theTeamsFilters_madeBeforeTheListColumns_getThemAtTheNextStart_aFilterWithItsOwnColumnsKeepsThem() {
        Filter overdue = filters.createFilterQuery().filterName("Overdue").singleResult();
        Filter mine = filters.createFilterQuery().filterName("My tasks").singleResult();
        Map<String, Object> before = overdue.getProperties();
        try {
            Map<String, Object> older = new HashMap<>(before);
            older.remove("variables");
            overdue.setProperties(older);
            filters.saveFilter(overdue);
            Map<String, Object> own = new HashMap<>(mine.getProperties());
            own.put("variables", List.of(Map.of("name", "listCaseId", "label", "Our case")));
            mine.setProperties(own);
            filters.saveFilter(mine);

            tasklistFilters.run(null);

            assertThat(filters.getFilter(overdue.getId())
                            .getProperties()
                            .get("variables")
                            .toString())
                    .contains("listOrderId", "listBuyerName", "listOrderValue", "listBuyerTier", "listCaseId");
            assertThat(filters.getFilter(overdue.getId()).getProperties())
                    .containsEntry("description", before.get("description"));
            assertThat(filters.getFilter(mine.getId())
                            .getProperties()
                            .get("variables")
                            .toString())
                    .isEqualTo("[{name=listCaseId, label=Our case}]");
        } finally {
            Filter restore = filters.getFilter(mine.getId());
            Map<String, Object> properties = new HashMap<>(restore.getProperties());
            properties.remove("variables");
            restore.setProperties(properties);
            filters.saveFilter(restore);
            tasklistFilters.run(null);
        }
    }

    /** The filter as Tasklist reads it. */
    private static JsonNode filterNamed(WebappSession session, String name) {
        ApiClient.Response list = session.get(ENGINE_API + "/filter?resourceType=Task&itemCount=false");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        for (JsonNode filter : list.json()) if (filter.get("name").asText().equals(name)) return filter;
        throw new AssertionError("no filter " + name + " in " + list.body());
    }

    /** The variables Tasklist shows under the case's task in the filter's list (its search by business key). */
    private static Map<String, String> listColumns(WebappSession session, JsonNode filter, String caseId) {
        ApiClient.Response list = session.post(
                ENGINE_API + "/filter/" + filter.get("id").asText() + "/list?firstResult=0&maxResults=15",
                "{\"processInstanceBusinessKey\": \"" + caseId + "\"}");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        JsonNode tasksOfCase = list.json().get("_embedded").get("task");
        assertThat(tasksOfCase).hasSize(1);
        Map<String, String> columns = new LinkedHashMap<>();
        tasksOfCase
                .get(0)
                .get("_embedded")
                .get("variable")
                .forEach(v -> columns.put(v.get("name").asText(), v.get("value").asText()));
        return columns;
    }

    private static final String[] MOST_URGENT_FIRST = {
        TaskQueryProperty.PRIORITY.getName() + " desc", TaskQueryProperty.DUE_DATE.getName() + " asc"
    };

    private static List<String> sorting(Filter filter) {
        TaskQueryImpl query = filter.getQuery();
        return query.getOrderingProperties().stream()
                .map(o ->
                        o.getQueryProperty().getName() + " " + o.getDirection().getName())
                .toList();
    }

    private String tieredOrder(String tier) {
        String orderId = "A-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Response created =
                api.call("PUT", "/api/orders/" + orderId, "shop", withTier(orderId, "\"" + tier + "\""));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return orderId;
    }

    private static String withTier(String orderId, String tier) {
        return ApiClient.orderJson(orderId, "SHIPPED", "20.00", MARKED_SHIPPED)
                .replaceFirst("\\{", "{\"customerTier\": " + tier + ", ");
    }

    private String cancellation(String orderId) {
        return openCaseId(
                "{\"orderId\": \"" + orderId + "\", \"type\": \"CANCELLATION\", \"description\": \"Ordered twice\"}");
    }

    private static void assertDue(JsonNode task, Instant before, Instant after, Duration limit) {
        Instant due = OffsetDateTime.parse(task.get("due").asText()).toInstant();
        assertThat(due)
                .isBetween(before.plus(limit).minusSeconds(1), after.plus(limit).plusSeconds(1));
    }

    /** The case's CustomerPriority evaluation for its agent task's due date (the first one). */
    private static JsonNode tierDecision(JsonNode view) {
        for (JsonNode decision : view.get("decisions")) {
            if (decision.get("table").asText().equals("CustomerPriority")) return decision;
        }
        throw new AssertionError("no CustomerPriority decision in " + view.get("decisions"));
    }

    /** The ids in "My tasks" as Tasklist lists them (its first request of a session seats the agent). */
    private List<String> myTasks(WebappSession session) {
        String filterId = filters.createFilterQuery()
                .filterName("My tasks")
                .singleResult()
                .getId();
        ApiClient.Response list = session.post(
                ENGINE_API + "/filter/" + filterId + "/list?firstResult=0&maxResults=15",
                "{\"sorting\": [{\"sortBy\": \"created\", \"sortOrder\": \"desc\"}]}");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode task : list.json()) ids.add(task.get("id").asText());
        return ids;
    }

    private static boolean await(java.util.function.BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) return false;
            sleep(100);
        }
        return true;
    }
}
