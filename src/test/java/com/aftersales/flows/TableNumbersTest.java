package com.aftersales.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Issue 12, "numbers come from the tables": a number a decision table holds (the reship limit, the ceiling, a wait,
 * an SLA limit) is written only in its table. Forms, the tables' own annotations and the diagrams' documentation
 * name the rule instead ("the reship limit of R-DMG-3"), or a form shows the figure from the live table
 * (cases/PolicyFigures); a copy would go stale the day a process owner deploys a changed table. Plain JUnit over
 * bpmn/, no engine.
 */
class TableNumbersTest {

    private static final Path MODELS = Path.of("bpmn");
    private static final String DMN_NS = "https://www.omg.org/spec/DMN/20191111/MODEL/";
    private static final String BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL";

    /** Rule IDs (R-DMG-3, R-RET-1..3, R-DMG-3/4), form variables and "policy section 6" hold numbers that are no figure. */
    private static final Pattern NOT_A_FIGURE =
            Pattern.compile("R-[A-Z]+-\\d+(?:\\.\\.\\d+|(?:/\\d+)+)?|\\{\\{[^}]*}}|[Ss]ection \\d+");

    private static final Pattern ENTRY_NUMBER = Pattern.compile("^(?:[<>]=?\\s*)?(-?\\d+(?:\\.\\d+)?)$");
    private static final Pattern DURATION = Pattern.compile("^P(?:(\\d+)D)?(?:T(?:(\\d+)H)?(?:(\\d+)M)?)?$");

    /** A number of a table as it would be written in a text: "30", "3 days", "48 hours". */
    private record Figure(String table, String text, Pattern pattern) {}

    @Test
    void noFormRepeatsANumberATableHolds() throws IOException {
        List<Figure> figures = figures(files(".dmn"));
        List<String> problems = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (Path form : files(".form")) {
            List<String> texts = new ArrayList<>();
            collectTexts(json.readTree(form.toFile()), texts);
            for (String text : texts)
                problems.addAll(repeated(form.getFileName().toString(), text, figures));
        }
        assertThat(problems)
                .as("forms that write a number a decision table holds: show it from the table "
                        + "(cases/PolicyFigures, {{reshipLimitText}}) or name the rule without the number")
                .isEmpty();
    }

    @Test
    void noTableAnnotationRepeatsItsOwnNumbers() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path table : files(".dmn")) {
            List<Figure> own = figures(List.of(table));
            for (Element description : PolicyDocTest.elements(PolicyDocTest.parse(table), DMN_NS, "description")) {
                problems.addAll(repeated(table.getFileName().toString(), description.getTextContent(), own));
            }
        }
        assertThat(problems)
                .as("annotations and descriptions of a decision table that write a number of its rows: "
                        + "a process owner changes the cell and the text goes stale; say what the row means without it")
                .isEmpty();
    }

    @Test
    void noDiagramDocumentsANumberATableHolds() throws IOException {
        List<Figure> figures = figures(files(".dmn"));
        List<String> problems = new ArrayList<>();
        for (Path diagram : files(".bpmn")) {
            Document model = PolicyDocTest.parse(diagram);
            for (Element documentation : PolicyDocTest.elements(model, BPMN_NS, "documentation")) {
                problems.addAll(repeated(diagram.getFileName().toString(), documentation.getTextContent(), figures));
            }
            for (String type : List.of(
                    "userTask",
                    "serviceTask",
                    "sendTask",
                    "businessRuleTask",
                    "intermediateCatchEvent",
                    "boundaryEvent",
                    "exclusiveGateway",
                    "eventBasedGateway",
                    "endEvent",
                    "startEvent",
                    "callActivity",
                    "sequenceFlow")) {
                for (Element element : PolicyDocTest.elements(model, BPMN_NS, type)) {
                    problems.addAll(repeated(diagram.getFileName().toString(), element.getAttribute("name"), figures));
                }
            }
        }
        assertThat(problems)
                .as("documentation and names in the diagrams that write a number a decision table holds: "
                        + "name the rule and its table instead (\"waiting-times.dmn, rule R-GEN-6\")")
                .isEmpty();
    }

    @Test
    void theCheckFindsTheOldReshipLimitAndWaits() throws IOException {
        List<Figure> figures = figures(files(".dmn"));
        assertThat(repeated(
                        "old assess-damage.form",
                        "**Keep-the-item ceiling:** {{maxKeepOfferText}} · reship limit 30 (R-DMG-3/4)",
                        figures))
                .singleElement()
                .asString()
                .contains("\"30\"", "reship-eligibility.dmn");
        assertThat(repeated("old respond-to-platform.form", "Answer the claim within 48 hours (R-SLA-6)", figures))
                .singleElement()
                .asString()
                .contains("48 hours", "service-levels.dmn");
        assertThat(repeated("old damaged-item.bpmn", "waiting-times.dmn, rule R-GEN-6 (3 days).", figures))
                .singleElement()
                .asString()
                .contains("3 days", "waiting-times.dmn");
        assertThat(repeated("a form", "Assess the damage (R-DMG-1..4, R-SLA-5), policy section 6", figures))
                .isEmpty();
    }

    private static List<String> repeated(String where, String text, List<Figure> figures) {
        if (text == null || text.isBlank()) return List.of();
        String plain = NOT_A_FIGURE.matcher(text).replaceAll(" ");
        List<String> problems = new ArrayList<>();
        for (Figure figure : figures) {
            if (figure.pattern().matcher(plain).find()) {
                problems.add(where + ": \"" + figure.text() + "\" (" + figure.table() + ") in: " + text.strip());
            }
        }
        return problems;
    }

    /** The numbers in the input and output entries of the tables, each once, with how a text would write it. */
    private static List<Figure> figures(List<Path> tables) {
        Map<String, Figure> figures = new LinkedHashMap<>();
        for (Path table : tables) {
            String name = table.getFileName().toString();
            Document dmn = PolicyDocTest.parse(table);
            List<Element> entries = new ArrayList<>(PolicyDocTest.elements(dmn, DMN_NS, "inputEntry"));
            entries.addAll(PolicyDocTest.elements(dmn, DMN_NS, "outputEntry"));
            for (Element entry : entries) {
                String text = entry.getTextContent().trim();
                if (text.length() > 1 && text.startsWith("\"") && text.endsWith("\""))
                    text = text.substring(1, text.length() - 1);
                Matcher number = ENTRY_NUMBER.matcher(text);
                Matcher duration = DURATION.matcher(text);
                if (number.matches()) {
                    String n = number.group(1);
                    // 0 and 1 (no fee, a share of 1) are too common in prose to tell apart
                    if (n.equals("0") || n.equals("1")) continue;
                    figures.putIfAbsent(
                            n,
                            new Figure(
                                    name, n, Pattern.compile("(?<![\\d.,])" + Pattern.quote(n) + "(?![\\d]|[.,]\\d)")));
                } else if (duration.matches() && text.length() > 1) {
                    add(figures, name, duration.group(1), "days?");
                    add(figures, name, duration.group(2), "(?:hours?|h)");
                    add(figures, name, duration.group(3), "(?:minutes?|min)");
                }
            }
        }
        return List.copyOf(figures.values());
    }

    private static void add(Map<String, Figure> figures, String table, String count, String unit) {
        if (count == null) return;
        String word = unit.replace("(?:", "").replace(")", "").replace("?", "").split("\\|")[0];
        figures.putIfAbsent(
                count + unit,
                new Figure(table, count + " " + word, Pattern.compile("(?<![\\d.])" + count + "[ -]?" + unit + "\\b")));
    }

    /** Everything a form shows as text: text fields, labels, descriptions and the labels of options. */
    private static void collectTexts(JsonNode component, List<String> texts) {
        for (String field : List.of("text", "label", "description")) {
            if (component.path(field).isTextual())
                texts.add(component.get(field).asText());
        }
        component
                .path("values")
                .forEach(option -> texts.add(option.path("label").asText("")));
        component.path("components").forEach(child -> collectTexts(child, texts));
    }

    private static List<Path> files(String suffix) throws IOException {
        try (var all = Files.walk(MODELS)) {
            return all.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }
}
