package com.aftersales.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.aftersales.cases.CaseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Keeps docs/policy.md (the policy as the app carries it out, for process owners) in step with bpmn/,
 * src/main and application.yaml. Plain JUnit: reads the files, starts no engine and no Spring context.
 * Each failure says what to add or change in docs/policy.md.
 */
class PolicyDocTest {

    private static final Path DOC = Path.of("docs", "policy.md");
    private static final Path MODELS = Path.of("bpmn");
    private static final Path MAIN = Path.of("src", "main");
    private static final Path APPLICATION_YAML = Path.of("src", "main", "resources", "application.yaml");

    private static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";
    private static final String DMN_NS = "https://www.omg.org/spec/DMN/20191111/MODEL/";

    /** A rule ID, or a range of them as the models write it: R-RET-1..3, R-DMG-3/4, R-ADDR-2/3. */
    private static final Pattern RULE_IDS = Pattern.compile("R-([A-Z]+)-(\\d+)((?:\\.\\.\\d+)|(?:/\\d+)+)?");
    /** A number or an ISO-8601 duration, optionally after a comparison: what a process owner tunes in a table. */
    private static final Pattern NUMBER =
            Pattern.compile("(?:[<>]=?\\s*)?-?\\d+(?:\\.\\d+)?|P(?=.*\\d)(?:\\d+[YMWD])*(?:T(?:\\d+[HMS])+)?");

    private static final Pattern DMN_FILE = Pattern.compile("([a-z0-9-]+\\.dmn)");
    private static final Pattern ROW = Pattern.compile("(?:(\\w+) )?rows? (\\d+)\\b");
    private static final Pattern SETTING = Pattern.compile("`(aftersales\\.[a-z0-9.-]+)`");

    /** Variables that give a value the case already had (case-follow-up.bpmn resolves again with the case's resolution). */
    private static final Set<String> SAME_AS_BEFORE = Set.of("caseResolution");

    private final String doc = read(DOC);

    @Test
    void everyRuleIdOfTheModelsAndTheCodeIsOnThePage() throws IOException {
        Set<String> used = new TreeSet<>();
        for (Path file : files(MODELS, ".bpmn", ".dmn", ".form")) used.addAll(ruleIds(read(file)));
        for (Path file : files(MAIN, ".java", ".yaml")) used.addAll(ruleIds(read(file)));
        assertThat(used).as("rule IDs found in bpmn/ and src/main").isNotEmpty();

        // explained: a paragraph titled with the rule in bold (**R-CAN-1 Not shipped.**), or a table row that starts
        // with it
        Set<String> missing = used.stream()
                .filter(id -> !Pattern.compile(
                                "(?m)\\*\\*" + Pattern.quote(id) + " \\w|^\\|\\s*" + Pattern.quote(id) + "\\s*\\|")
                        .matcher(doc)
                        .find())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(missing)
                .as("rule IDs used in bpmn/ or src/main without their own paragraph (**R-…) or table row (| R-… |) "
                        + "in docs/policy.md: say what the app does for each")
                .isEmpty();

        Set<String> unknown = new TreeSet<>();
        for (String line : doc.split("\n")) {
            if (line.contains("not built yet")) continue;
            for (String id : ruleIds(line)) if (!used.contains(id)) unknown.add(id);
        }
        assertThat(unknown)
                .as("rule IDs in docs/policy.md that no model or code uses: a typo, or mark the line \"not built yet\"")
                .isEmpty();
    }

    @Test
    void everyResolutionTheFlowsCanSetIsExplained() throws IOException {
        Set<String> resolutions = resolutionsOfTheModels();
        assertThat(resolutions)
                .as("resolutions set in bpmn/")
                .contains("CANCELLED", "FULL_REFUND", "PLATFORM_REFUNDED");
        assertThat(tableColumn("### Resolution"))
                .as(
                        "the Resolution table of docs/policy.md: one row per resolution the diagrams and tables can set, no other")
                .isEqualTo(resolutions);
    }

    @Test
    void everyRefundPurposeIsExplained() throws IOException {
        Set<String> purposes = refundPurposesOfTheModels();
        assertThat(purposes).as("refund purposes set in bpmn/").contains("CANCELLATION", "RETURN", "PLATFORM_DEBIT");
        assertThat(tableColumn("### Refund purposes"))
                .as("the Refund purposes table of docs/policy.md: one row per refund purpose of bpmn/, no other")
                .isEqualTo(purposes);
    }

    @Test
    void everyCaseStatusIsExplained() {
        Set<String> statuses =
                Arrays.stream(CaseStatus.values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
        assertThat(tableColumn("### Case status"))
                .as("the Case status table of docs/policy.md: one row per CaseStatus, no other")
                .isEqualTo(statuses);
    }

    @Test
    void everyPlatformRulingOutcomeIsNamed() throws IOException {
        Set<String> outcomes = decisionOutputValues().getOrDefault("escalationOutcome", Set.of());
        assertThat(outcomes).as("escalationOutcome of platform-ruling.dmn").isNotEmpty();
        assertThat(outcomes.stream().filter(o -> !doc.contains("`" + o + "`")).toList())
                .as("platform ruling outcomes not named (in backticks) in docs/policy.md")
                .isEmpty();
    }

    /**
     * Every table row that holds a number is cited ("`waiting-times.dmn` row 2", "`return-leg.dmn`
     * RestockingFee row 1" where a file has more than one decision), and every line that cites a row
     * quotes the row's numbers as they stand in the table today.
     */
    @Test
    void everyNumberOfTheTablesIsCitedWithItsCurrentValue() throws IOException {
        Map<String, Map<String, List<List<String>>>> tables = new LinkedHashMap<>();
        for (Path file : files(MODELS, ".dmn")) tables.put(file.getFileName().toString(), numbersByRow(parse(file)));

        Set<String> cited = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        String[] lines = doc.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher file = DMN_FILE.matcher(line);
            List<int[]> fileMentions = new ArrayList<>();
            List<String> fileNames = new ArrayList<>();
            while (file.find()) {
                fileMentions.add(new int[] {file.start(), file.end()});
                fileNames.add(file.group(1));
            }
            for (int f = 0; f < fileMentions.size(); f++) {
                String name = fileNames.get(f);
                int end = f + 1 < fileMentions.size() ? fileMentions.get(f + 1)[0] : line.length();
                String segment = line.substring(fileMentions.get(f)[1], end);
                Map<String, List<List<String>>> decisions = tables.get(name);
                if (decisions == null) {
                    problems.add("line " + (i + 1) + ": bpmn/" + name + " does not exist");
                    continue;
                }
                Matcher row = ROW.matcher(segment);
                while (row.find()) {
                    String decision = row.group(1) != null && decisions.containsKey(row.group(1))
                            ? row.group(1)
                            : decisions.size() == 1
                                    ? decisions.keySet().iterator().next()
                                    : null;
                    if (decision == null) {
                        problems.add("line " + (i + 1) + ": " + name + " has several decisions " + decisions.keySet()
                                + "; name the decision before \"row\"");
                        continue;
                    }
                    int index = Integer.parseInt(row.group(2));
                    List<List<String>> rows = decisions.get(decision);
                    if (index < 1 || index > rows.size()) {
                        problems.add("line " + (i + 1) + ": " + name + " " + decision + " has no row " + index);
                        continue;
                    }
                    cited.add(name + " " + decision + " row " + index);
                    for (String number : rows.get(index - 1)) {
                        if (!line.contains("`" + number + "`")) {
                            problems.add("line " + (i + 1) + " cites " + name + " " + decision + " row " + index
                                    + " but does not show its value `" + number + "` (the table's value today)");
                        }
                    }
                }
            }
        }
        tables.forEach((name, decisions) -> decisions.forEach((decision, rows) -> {
            for (int r = 0; r < rows.size(); r++) {
                if (!rows.get(r).isEmpty() && !cited.contains(name + " " + decision + " row " + (r + 1))) {
                    problems.add(name + " " + decision + " row " + (r + 1) + " holds " + rows.get(r)
                            + " but docs/policy.md does not cite it (`" + name + "`"
                            + (decisions.size() > 1 ? " " + decision : "")
                            + " row " + (r + 1) + ", with its value)");
                }
            }
        }));
        assertThat(problems).as("decision table numbers in docs/policy.md").isEmpty();
    }

    @Test
    void everyCitedSettingShowsItsValueInApplicationYaml() {
        Map<String, String> settings = flatten(read(APPLICATION_YAML));
        List<String> problems = new ArrayList<>();
        String[] lines = doc.split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher m = SETTING.matcher(lines[i]);
            while (m.find()) {
                String key = m.group(1);
                String value = settings.get(key);
                if (value != null && (value.startsWith("[") || value.startsWith("{")))
                    continue; // a list: no single value to show
                if (value == null) {
                    if (settings.keySet().stream().noneMatch(k -> k.startsWith(key + "."))) {
                        problems.add("line " + (i + 1) + ": application.yaml has no setting " + key);
                    }
                } else if (!lines[i].contains("`" + value + "`")) {
                    problems.add("line " + (i + 1) + " cites " + key + " but not its value `" + value + "`");
                }
            }
        }
        assertThat(problems).as("application.yaml settings in docs/policy.md").isEmpty();
    }

    // --- rule IDs -------------------------------------------------------------------------------

    static Set<String> ruleIds(String text) {
        Set<String> ids = new LinkedHashSet<>();
        Matcher m = RULE_IDS.matcher(text);
        while (m.find()) {
            String family = m.group(1);
            int first = Integer.parseInt(m.group(2));
            ids.add("R-" + family + "-" + first);
            String more = m.group(3);
            if (more == null) continue;
            if (more.startsWith("..")) {
                for (int n = first + 1; n <= Integer.parseInt(more.substring(2)); n++) ids.add("R-" + family + "-" + n);
            } else {
                for (String n : more.substring(1).split("/")) ids.add("R-" + family + "-" + n);
            }
        }
        return ids;
    }

    // --- values the diagrams set ----------------------------------------------------------------

    /** Every resolution the diagrams and decision tables of bpmn/ can set (also for docs/api.md, ApiDocTest). */
    static Set<String> resolutionsOfTheModels() throws IOException {
        Map<String, Set<String>> decisionOutputs = decisionOutputValues();
        Set<String> resolutions = new TreeSet<>();
        for (Path file : files(MODELS, ".bpmn")) {
            for (Element parameter : elements(parse(file), CAMUNDA_NS, "inputParameter")) {
                if (!"resolution".equals(parameter.getAttribute("name"))) continue;
                resolutions.addAll(values(parameter.getTextContent().trim(), decisionOutputs));
            }
        }
        return resolutions;
    }

    /** Every refund purpose the diagrams of bpmn/ can pay (also for docs/api.md, ApiDocTest). */
    static Set<String> refundPurposesOfTheModels() throws IOException {
        Map<String, Set<String>> decisionOutputs = decisionOutputValues();
        Set<String> purposes = new TreeSet<>();
        for (Path file : files(MODELS, ".bpmn")) {
            Document model = parse(file);
            for (Element parameter : elements(model, CAMUNDA_NS, "inputParameter")) {
                if ("refundPurpose".equals(parameter.getAttribute("name"))) {
                    purposes.addAll(values(parameter.getTextContent().trim(), decisionOutputs));
                }
            }
            for (Element in : elements(model, CAMUNDA_NS, "in")) {
                if ("refundPurpose".equals(in.getAttribute("target"))) {
                    purposes.addAll(values(
                            in.hasAttribute("sourceExpression")
                                    ? in.getAttribute("sourceExpression")
                                    : "${" + in.getAttribute("source") + "}",
                            decisionOutputs));
                }
            }
        }
        return purposes;
    }

    /**
     * The values a parameter can take: a literal (CANCELLED), the results of a conditional expression
     * (${remedy == 'RESHIP' ? 'RESHIP' : 'FULL_REFUND'}), or the output values of the decision whose
     * result the expression reads (${rulingResolution}). An expression this cannot read fails the
     * test, so a new kind of expression is not skipped silently.
     */
    static Set<String> values(String parameter, Map<String, Set<String>> decisionOutputs) {
        String text = parameter.trim();
        if (!text.contains("${")) return text.isEmpty() ? Set.of() : Set.of(text);
        Set<String> values = new TreeSet<>();
        Matcher result = Pattern.compile("[?:]\\s*'([A-Z][A-Z0-9_]*)'").matcher(text);
        while (result.find()) values.add(result.group(1));
        Matcher variable = Pattern.compile("^\\$\\{\\s*([A-Za-z_]\\w*)\\s*}$").matcher(text);
        if (variable.matches()) {
            if (SAME_AS_BEFORE.contains(variable.group(1))) return values;
            values.addAll(decisionOutputs.getOrDefault(variable.group(1), Set.of()));
        }
        assertThat(values)
                .as("the values of " + text + " (teach PolicyDocTest.values to read this expression)")
                .isNotEmpty();
        return values;
    }

    /** Output name → the string values its column can give, over every decision table in bpmn/. */
    private static Map<String, Set<String>> decisionOutputValues() throws IOException {
        Map<String, Set<String>> outputs = new LinkedHashMap<>();
        for (Path file : files(MODELS, ".dmn")) {
            for (Element table : elements(parse(file), DMN_NS, "decisionTable")) {
                List<Element> columns = children(table, "output");
                for (Element rule : children(table, "rule")) {
                    List<Element> entries = children(rule, "outputEntry");
                    for (int c = 0; c < columns.size() && c < entries.size(); c++) {
                        String text = entries.get(c).getTextContent().trim();
                        if (text.matches("\"[A-Z][A-Z0-9_]*\"")) {
                            outputs.computeIfAbsent(columns.get(c).getAttribute("name"), k -> new TreeSet<>())
                                    .add(text.substring(1, text.length() - 1));
                        }
                    }
                }
            }
        }
        return outputs;
    }

    // --- the page's tables ----------------------------------------------------------------------

    /** The first column of the table under the heading: the `VALUE` each row explains. */
    private Set<String> tableColumn(String heading) {
        return tableColumn(doc, "docs/policy.md", heading);
    }

    /** The first column of the table under the heading of a page: the `VALUE` each row explains. */
    static Set<String> tableColumn(String doc, String page, String heading) {
        int start = doc.indexOf("\n" + heading + "\n");
        assertThat(start).as(page + " has the heading \"" + heading + "\"").isNotNegative();
        int end = doc.indexOf("\n#", start + heading.length() + 1);
        String section = doc.substring(start, end < 0 ? doc.length() : end);
        Set<String> values = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\|\\s*`([A-Z][A-Z0-9_]*)`\\s*\\|").matcher(section);
        while (row.find()) values.add(row.group(1));
        return values;
    }

    // --- numbers in decision tables -------------------------------------------------------------

    /** Decision id → its rows, each the numbers in its input and output entries (none for a row without). */
    private static Map<String, List<List<String>>> numbersByRow(Document dmn) {
        Map<String, List<List<String>>> decisions = new LinkedHashMap<>();
        for (Element decision : elements(dmn, DMN_NS, "decision")) {
            List<List<String>> rows = new ArrayList<>();
            for (Element table : children(decision, "decisionTable")) {
                for (Element rule : children(table, "rule")) {
                    List<String> numbers = new ArrayList<>();
                    for (Element entry : Stream.concat(
                                    children(rule, "inputEntry").stream(), children(rule, "outputEntry").stream())
                            .toList()) {
                        String text = entry.getTextContent().trim();
                        if (text.length() > 1 && text.startsWith("\"") && text.endsWith("\""))
                            text = text.substring(1, text.length() - 1);
                        if (NUMBER.matcher(text).matches()) numbers.add(text);
                    }
                    rows.add(numbers);
                }
            }
            decisions.put(decision.getAttribute("id"), rows);
        }
        return decisions;
    }

    // --- application.yaml -----------------------------------------------------------------------

    /** Dotted key → scalar value, for the simple block YAML of application.yaml (lists are skipped). */
    static Map<String, String> flatten(String yaml) {
        Map<String, String> settings = new LinkedHashMap<>();
        Deque<Object[]> path = new ArrayDeque<>();
        Pattern entry = Pattern.compile("^(\\s*)([A-Za-z0-9_.-]+):(?:\\s+(.*))?$");
        for (String line : yaml.split("\n")) {
            if (line.isBlank() || line.trim().startsWith("#") || line.trim().startsWith("- ")) continue;
            Matcher m = entry.matcher(line);
            if (!m.matches()) continue;
            int indent = m.group(1).length();
            while (!path.isEmpty() && (int) path.peek()[0] >= indent) path.pop();
            StringBuilder key = new StringBuilder();
            path.descendingIterator().forEachRemaining(p -> key.append(p[1]).append('.'));
            key.append(m.group(2));
            String value = m.group(3) == null ? "" : m.group(3).trim();
            if (value.isEmpty() || value.startsWith("#")) {
                path.push(new Object[] {indent, m.group(2)});
            } else {
                if (value.startsWith("\"") && value.lastIndexOf('"') > 0)
                    value = value.substring(1, value.lastIndexOf('"'));
                else value = value.replaceAll("\\s+#.*$", "");
                settings.put(key.toString(), value);
            }
        }
        return settings;
    }

    // --- files and XML --------------------------------------------------------------------------

    static List<Path> files(Path dir, String... suffixes) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile)
                    .filter(p -> Arrays.stream(suffixes)
                            .anyMatch(s -> p.getFileName().toString().endsWith(s)))
                    .sorted()
                    .toList();
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file.toAbsolutePath(), e);
        }
    }

    /** A BPMN or DMN file as a namespace-aware DOM, with no DOCTYPE allowed (also for TableNumbersTest). */
    static Document parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(in);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot parse " + file, e);
        }
    }

    static List<Element> elements(Document document, String namespace, String localName) {
        NodeList nodes = document.getElementsByTagNameNS(namespace, localName);
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) list.add((Element) nodes.item(i));
        return list;
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> list = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) list.add(e);
        }
        return list;
    }
}
