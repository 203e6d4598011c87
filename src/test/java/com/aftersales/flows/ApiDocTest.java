package com.aftersales.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.api.CaseView;
import com.aftersales.cases.CaseEvent;
import com.aftersales.cases.CaseStatus;
import com.aftersales.cases.CaseType;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Keeps docs/api.md (the REST contract, for system integrators) in step with the code: every event type with its
 * field and values, every endpoint, every field of the case view, every resolution and refund purpose the diagrams
 * can set, every case status and every problem type the code answers with. Plain JUnit, no Spring context; each
 * failure says what to add to docs/api.md.
 */
class ApiDocTest {

    private static final Path DOC = Path.of("docs", "api.md");
    private static final String PAGE = "docs/api.md";
    private static final List<Class<?>> CONTROLLERS = List.of(
            com.aftersales.api.CaseController.class,
            com.aftersales.api.OrderController.class,
            com.aftersales.api.ApiTokenController.class,
            com.aftersales.api.BuyerMessageController.class,
            com.aftersales.api.InsightsController.class,
            com.aftersales.api.PolicySimulationController.class);
    /** How the code names a problem type: ApiProblem.conflict("case-busy", …), new ApiProblem(HttpStatus.X, "too-large", …). */
    private static final Pattern PROBLEM_TYPE = Pattern.compile(
            "ApiProblem\\.conflict\\(\\s*\"([a-z-]+)\"\\s*,|new ApiProblem\\(\\s*HttpStatus\\.\\w+,\\s*\"([a-z-]+)\"\\s*,");
    /** The types of ApiProblem.ofStatus, by status: case BAD_REQUEST -> "invalid-request"; */
    private static final Pattern STATUS_TYPE = Pattern.compile("->\\s*\"([a-z-]+)\";");

    private final String doc = PolicyDocTest.read(DOC);

    @Test
    void everyEventTypeHasItsRowWithItsFieldAndValues() {
        List<String> problems = new ArrayList<>();
        for (CaseEvent event : CaseEvent.values()) {
            Matcher row = Pattern.compile("(?m)^\\|\\s*`" + event.name() + "`\\s*\\|\\s*`" + event.field() + "`.*$")
                    .matcher(doc);
            if (!row.find()) {
                problems.add(event + ": no row | `" + event + "` | `" + event.field() + "` | in the Events table");
                continue;
            }
            for (String value : event.allowed() == null ? Set.<String>of() : event.allowed()) {
                if (!row.group().contains("`" + value + "`"))
                    problems.add(event + ": the value `" + value + "` is not in its row");
            }
        }
        assertThat(problems)
                .as(PAGE + ", Events: one row per CaseEvent with its field and every value it takes")
                .isEmpty();
    }

    @Test
    void everyResolutionAndRefundPurposeOfTheDiagramsIsListed() throws IOException {
        assertThat(PolicyDocTest.tableColumn(doc, PAGE, "### Resolutions"))
                .as(PAGE + ", Resolutions: one row per resolution the diagrams and tables can set, no other")
                .isEqualTo(PolicyDocTest.resolutionsOfTheModels());
        assertThat(PolicyDocTest.tableColumn(doc, PAGE, "### Refund purposes"))
                .as(PAGE + ", Refund purposes: one row per refund purpose of bpmn/, no other")
                .isEqualTo(PolicyDocTest.refundPurposesOfTheModels());
    }

    @Test
    void everyCaseStatusAndCaseTypeIsListed() {
        assertThat(PolicyDocTest.tableColumn(doc, PAGE, "### Case status"))
                .as(PAGE + ", Case status: one row per CaseStatus, no other")
                .isEqualTo(Arrays.stream(CaseStatus.values())
                        .map(Enum::name)
                        .collect(Collectors.toCollection(TreeSet::new)));
        assertThat(Arrays.stream(CaseType.values())
                        .map(Enum::name)
                        .filter(type -> !doc.contains("`" + type + "`"))
                        .toList())
                .as("case types not named in " + PAGE)
                .isEmpty();
    }

    @Test
    void everyFieldOfTheCaseViewIsDescribed() {
        int start = doc.indexOf("\n## The case view\n");
        assertThat(start).as(PAGE + " has the heading \"## The case view\"").isNotNegative();
        String section = doc.substring(start, doc.indexOf("\n## ", start + 1));
        List<String> missing = Arrays.stream(CaseView.class.getRecordComponents())
                .map(RecordComponent::getName)
                .filter(field -> !section.contains("`" + field + "`") && !section.contains("`" + field + "[]`"))
                .toList();
        assertThat(missing)
                .as("fields of CaseView not described in " + PAGE + ", \"The case view\"")
                .isEmpty();
    }

    @Test
    void everyEndpointIsListed() {
        List<String> missing = new ArrayList<>();
        for (Class<?> controller : CONTROLLERS) {
            String base = controller.getAnnotation(RequestMapping.class).value()[0];
            for (Method method : controller.getDeclaredMethods()) {
                String endpoint = endpoint(method, base);
                if (endpoint != null && !doc.contains("`" + endpoint)) missing.add(endpoint);
            }
        }
        assertThat(missing)
                .as("endpoints not in " + PAGE + " (as `METHOD /path`)")
                .isEmpty();
    }

    @Test
    void everyProblemTypeOfTheCodeIsListed() throws IOException {
        Set<String> types = new TreeSet<>();
        for (Path file : PolicyDocTest.files(Path.of("src", "main", "java"), ".java")) {
            Matcher m = PROBLEM_TYPE.matcher(PolicyDocTest.read(file));
            while (m.find()) types.add(m.group(1) != null ? m.group(1) : m.group(2));
            if (file.endsWith(Path.of("config", "ApiProblem.java"))) {
                Matcher byStatus = STATUS_TYPE.matcher(PolicyDocTest.read(file));
                while (byStatus.find()) types.add(byStatus.group(1));
            }
        }
        types.addAll(List.of("validation", "not-found", "internal")); // ApiProblem.invalid, notFound, internal
        assertThat(types)
                .as("problem types found in src/main")
                .contains(
                        "case-already-open",
                        "event-not-expected",
                        "idempotency-key-reused",
                        "body-too-large",
                        "too-many-failed-logins",
                        "method-not-allowed",
                        "deployment-invalid");
        assertThat(types.stream()
                        .filter(type -> !doc.contains("`" + type + "`"))
                        .toList())
                .as("problem types the code answers with but " + PAGE + " does not name (in backticks)")
                .isEmpty();
    }

    private static String endpoint(Method method, String base) {
        String verb;
        String[] paths;
        if (method.isAnnotationPresent(GetMapping.class)) {
            verb = "GET";
            paths = method.getAnnotation(GetMapping.class).value();
            if (paths.length == 0)
                paths = method.getAnnotation(GetMapping.class).path();
        } else if (method.isAnnotationPresent(PostMapping.class)) {
            verb = "POST";
            paths = method.getAnnotation(PostMapping.class).path();
            if (paths.length == 0)
                paths = method.getAnnotation(PostMapping.class).value();
        } else if (method.isAnnotationPresent(PutMapping.class)) {
            verb = "PUT";
            paths = method.getAnnotation(PutMapping.class).path();
            if (paths.length == 0)
                paths = method.getAnnotation(PutMapping.class).value();
        } else if (method.isAnnotationPresent(DeleteMapping.class)) {
            verb = "DELETE";
            paths = method.getAnnotation(DeleteMapping.class).value();
            if (paths.length == 0)
                paths = method.getAnnotation(DeleteMapping.class).path();
        } else {
            return null;
        }
        return verb + " " + base + (paths.length == 0 ? "" : paths[0]);
    }
}
