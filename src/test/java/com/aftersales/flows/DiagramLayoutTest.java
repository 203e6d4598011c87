package com.aftersales.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The diagrams of bpmn/ as Camunda Modeler draws them (their BPMN DI) read well for a process owner:
 * no crossing lines, no line through a shape, every named event, gateway and flow with a placed label
 * that overlaps no shape and no other label, no diagram wider than 2,600 px, every flow element drawn,
 * no copied SLA timers (deadlines come from the task's sla property). Redraw with {@code npm run layout:bpmn}.
 * All planes of a file are checked together (the layout tool puts drill-down planes below the main one),
 * as /work/shared/tools/diagram-figures.py does. No Spring context.
 */
class DiagramLayoutTest {

    static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    static final String BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI";
    static final String DC = "http://www.omg.org/spec/DD/20100524/DC";
    static final String DI = "http://www.omg.org/spec/DD/20100524/DI";
    static final double MAX_WIDTH = 2600;

    record Box(double x, double y, double w, double h) {
        boolean overlaps(Box o) {
            return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h;
        }
    }

    record Point(double x, double y) {}

    record Edge(String id, List<Point> points) {}

    /** One file's model and diagram. */
    static final class Diagram {
        final String file;
        final Map<String, Element> elements = new HashMap<>();
        final Map<String, Box> shapes = new LinkedHashMap<>();
        final Map<String, Box> labels = new LinkedHashMap<>();
        final List<Edge> edges = new ArrayList<>();

        Diagram(String file, Document doc) {
            this.file = file;
            NodeList all = doc.getElementsByTagNameNS(BPMN, "*");
            for (int i = 0; i < all.getLength(); i++) {
                Element el = (Element) all.item(i);
                if (!el.getAttribute("id").isEmpty()) elements.put(el.getAttribute("id"), el);
            }
            NodeList shapeNodes = doc.getElementsByTagNameNS(BPMNDI, "BPMNShape");
            for (int i = 0; i < shapeNodes.getLength(); i++) {
                Element s = (Element) shapeNodes.item(i);
                String id = s.getAttribute("bpmnElement");
                shapes.put(id, box(child(s, DC, "Bounds")));
                Element label = child(s, BPMNDI, "BPMNLabel");
                if (label != null && child(label, DC, "Bounds") != null)
                    labels.put(id, box(child(label, DC, "Bounds")));
            }
            NodeList edgeNodes = doc.getElementsByTagNameNS(BPMNDI, "BPMNEdge");
            for (int i = 0; i < edgeNodes.getLength(); i++) {
                Element e = (Element) edgeNodes.item(i);
                String id = e.getAttribute("bpmnElement");
                List<Point> pts = new ArrayList<>();
                NodeList wps = e.getElementsByTagNameNS(DI, "waypoint");
                for (int k = 0; k < wps.getLength(); k++) {
                    Element w = (Element) wps.item(k);
                    pts.add(new Point(
                            Double.parseDouble(w.getAttribute("x")), Double.parseDouble(w.getAttribute("y"))));
                }
                edges.add(new Edge(id, pts));
                Element label = child(e, BPMNDI, "BPMNLabel");
                if (label != null && child(label, DC, "Bounds") != null)
                    labels.put(id, box(child(label, DC, "Bounds")));
            }
        }

        String type(String id) {
            Element el = elements.get(id);
            return el == null ? "" : el.getLocalName();
        }

        String name(String id) {
            Element el = elements.get(id);
            return el == null ? "" : el.getAttribute("name").trim();
        }

        /** Shapes that are drawn as boxes lines must not cross (not pools, lanes or sub-process frames). */
        boolean solid(String id) {
            String t = type(id);
            return !t.isEmpty() && !t.equals("subProcess") && !t.equals("participant") && !t.equals("lane");
        }

        List<String> crossings() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < edges.size(); i++) {
                for (int j = i + 1; j < edges.size(); j++) {
                    Edge a = edges.get(i), b = edges.get(j);
                    for (int p = 0; p + 1 < a.points.size(); p++) {
                        for (int q = 0; q + 1 < b.points.size(); q++) {
                            if (cross(a.points.get(p), a.points.get(p + 1), b.points.get(q), b.points.get(q + 1))) {
                                out.add(file + ": " + a.id + " crosses " + b.id);
                            }
                        }
                    }
                }
            }
            return out;
        }

        List<String> edgesThroughShapes() {
            List<String> out = new ArrayList<>();
            for (Edge e : edges) {
                Element flow = elements.get(e.id);
                Set<String> own = new HashSet<>();
                if (flow != null) {
                    own.add(flow.getAttribute("sourceRef"));
                    own.add(flow.getAttribute("targetRef"));
                }
                for (Map.Entry<String, Box> s : shapes.entrySet()) {
                    if (own.contains(s.getKey()) || !solid(s.getKey())) continue;
                    for (int p = 0; p + 1 < e.points.size(); p++) {
                        if (through(e.points.get(p), e.points.get(p + 1), s.getValue())) {
                            out.add(file + ": " + e.id + " runs through " + s.getKey());
                            break;
                        }
                    }
                }
            }
            return out;
        }

        List<String> labelOverlaps() {
            List<String> out = new ArrayList<>();
            List<Map.Entry<String, Box>> ls = new ArrayList<>(labels.entrySet());
            for (int i = 0; i < ls.size(); i++) {
                Map.Entry<String, Box> l = ls.get(i);
                for (Map.Entry<String, Box> s : shapes.entrySet()) {
                    if (solid(s.getKey()) && l.getValue().overlaps(s.getValue())) {
                        out.add(file + ": label of " + l.getKey() + " lies on " + s.getKey());
                    }
                }
                for (int j = i + 1; j < ls.size(); j++) {
                    if (l.getValue().overlaps(ls.get(j).getValue())) {
                        out.add(file + ": label of " + l.getKey() + " lies on the label of "
                                + ls.get(j).getKey());
                    }
                }
            }
            return out;
        }

        List<String> unplacedLabels() {
            List<String> out = new ArrayList<>();
            Set<String> drawn = new HashSet<>(shapes.keySet());
            edges.forEach(e -> drawn.add(e.id));
            for (String id : drawn) {
                String t = type(id);
                boolean needsLabel = t.endsWith("Event") || t.endsWith("Gateway") || t.equals("sequenceFlow");
                if (needsLabel && !name(id).isEmpty() && !labels.containsKey(id)) {
                    out.add(file + ": " + id + " (\"" + name(id) + "\") has no placed label");
                }
            }
            return out;
        }

        List<String> copiedSlaTimers() {
            return elements.entrySet().stream()
                    .filter(e -> e.getValue().getLocalName().equals("boundaryEvent"))
                    .filter(e -> {
                        String n = name(e.getKey()).toLowerCase(Locale.ROOT);
                        return n.startsWith("deadline near") || n.startsWith("deadline passed");
                    })
                    .map(e -> file + ": " + e.getKey() + " (\"" + name(e.getKey())
                            + "\") copies an SLA timer; use the task's sla property")
                    .toList();
        }

        List<String> tooWide() {
            double min = shapes.values().stream().mapToDouble(Box::x).min().orElse(0);
            double max =
                    shapes.values().stream().mapToDouble(b -> b.x + b.w).max().orElse(0);
            return max - min > MAX_WIDTH
                    ? List.of(file + ": " + Math.round(max - min) + " px wide (at most " + (int) MAX_WIDTH + ")")
                    : List.of();
        }

        List<String> undrawn() {
            List<String> out = new ArrayList<>();
            Set<String> drawn = new HashSet<>(shapes.keySet());
            edges.forEach(e -> drawn.add(e.id));
            for (Element el : elements.values()) {
                Node parent = el.getParentNode();
                boolean inFlow = parent instanceof Element p
                        && BPMN.equals(p.getNamespaceURI())
                        && (p.getLocalName().equals("process")
                                || p.getLocalName().equals("subProcess"));
                String t = el.getLocalName();
                boolean flowElement = inFlow
                        && !t.equals("dataObject")
                        && !t.equals("laneSet")
                        && !t.equals("documentation")
                        && !t.equals("extensionElements")
                        && !t.equals("incoming")
                        && !t.equals("outgoing");
                if (flowElement && !drawn.contains(el.getAttribute("id")))
                    out.add(file + ": " + el.getAttribute("id") + " (" + t + ") is not drawn");
            }
            return out;
        }
    }

    static Element child(Element parent, String ns, String local) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName())) return e;
        }
        return null;
    }

    static Box box(Element b) {
        return new Box(
                Double.parseDouble(b.getAttribute("x")),
                Double.parseDouble(b.getAttribute("y")),
                Double.parseDouble(b.getAttribute("width")),
                Double.parseDouble(b.getAttribute("height")));
    }

    /** Two segments cross: they meet in one point inside both (not at an end, not along a shared stretch). */
    static boolean cross(Point a, Point b, Point c, Point d) {
        double d1 = orient(c, d, a), d2 = orient(c, d, b), d3 = orient(a, b, c), d4 = orient(a, b, d);
        if (!(d1 * d2 < 0 && d3 * d4 < 0)) return false;
        // the meeting point must lie more than half a pixel from every end (a touch is not a crossing)
        double t = d1 / (d1 - d2);
        Point m = new Point(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y));
        for (Point end : List.of(a, b, c, d)) {
            if (Math.abs(m.x - end.x) <= 0.5 && Math.abs(m.y - end.y) <= 0.5) return false;
        }
        return true;
    }

    static double orient(Point p, Point q, Point r) {
        double v = (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
        return Math.abs(v) < 1e-9 ? 0 : v;
    }

    /** A segment runs through a shape: it enters the shape's box shrunk by 4 px (ending at its border is fine). */
    static boolean through(Point p, Point q, Box r) {
        double x1 = r.x + 4, y1 = r.y + 4, x2 = r.x + r.w - 4, y2 = r.y + r.h - 4;
        return Math.max(p.x, q.x) > x1 && Math.min(p.x, q.x) < x2 && Math.max(p.y, q.y) > y1 && Math.min(p.y, q.y) < y2;
    }

    static Diagram read(String file, byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return new Diagram(file, f.newDocumentBuilder().parse(new ByteArrayInputStream(xml)));
        } catch (Exception e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
    }

    static List<Diagram> diagrams() throws IOException {
        List<Diagram> out = new ArrayList<>();
        // -Ddiagrams.dir=… checks another folder (e.g. an older copy of bpmn/)
        try (Stream<Path> paths = Files.walk(Path.of(System.getProperty("diagrams.dir", "bpmn")))) {
            for (Path p :
                    paths.filter(p -> p.toString().endsWith(".bpmn")).sorted().toList())
                out.add(read(p.toString(), Files.readAllBytes(p)));
        }
        assertThat(out).as("diagrams in bpmn/").hasSizeGreaterThanOrEqualTo(12);
        return out;
    }

    static final String HOW_TO_FIX = "redraw with `npm run layout:bpmn` (see README, Diagrams)";

    @Test
    void noLinesCross() throws IOException {
        assertThat(diagrams().stream().flatMap(d -> d.crossings().stream()).toList())
                .as(HOW_TO_FIX)
                .isEmpty();
    }

    @Test
    void noLineRunsThroughAShape() throws IOException {
        assertThat(diagrams().stream()
                        .flatMap(d -> d.edgesThroughShapes().stream())
                        .toList())
                .as(HOW_TO_FIX)
                .isEmpty();
    }

    @Test
    void everyNamedEventGatewayAndFlowHasAPlacedLabel() throws IOException {
        assertThat(diagrams().stream().flatMap(d -> d.unplacedLabels().stream()).toList())
                .as(HOW_TO_FIX)
                .isEmpty();
    }

    @Test
    void noLabelLiesOnAShapeOrAnotherLabel() throws IOException {
        assertThat(diagrams().stream().flatMap(d -> d.labelOverlaps().stream()).toList())
                .as(HOW_TO_FIX)
                .isEmpty();
    }

    @Test
    void noDiagramIsWiderThan2600Px() throws IOException {
        assertThat(diagrams().stream().flatMap(d -> d.tooWide().stream()).toList())
                .as(HOW_TO_FIX)
                .isEmpty();
    }

    @Test
    void everyFlowElementIsDrawn() throws IOException {
        assertThat(diagrams().stream().flatMap(d -> d.undrawn().stream()).toList())
                .as(HOW_TO_FIX)
                .isEmpty();
    }

    @Test
    void noCopiedSlaTimers() throws IOException {
        assertThat(diagrams().stream()
                        .flatMap(d -> d.copiedSlaTimers().stream())
                        .toList())
                .as("SLA deadlines come from the user task's sla property (ServiceLevelsPlugin)")
                .isEmpty();
    }

    /** A process owner tells the tasks of a diagram apart by their names: no two activities share one. */
    @Test
    void everyTaskHasANameOfItsOwnInItsDiagram() throws IOException {
        List<String> repeated = new ArrayList<>();
        for (Diagram d : diagrams()) {
            Map<String, Long> byName = d.elements.values().stream()
                    .filter(el -> el.getLocalName().endsWith("Task")
                            || el.getLocalName().equals("callActivity"))
                    .filter(el -> !el.getAttribute("name").isBlank())
                    .collect(java.util.stream.Collectors.groupingBy(
                            el -> el.getAttribute("name"), java.util.stream.Collectors.counting()));
            byName.forEach((name, n) -> {
                if (n > 1) repeated.add(d.file + ": \"" + name + "\" on " + n + " tasks");
            });
        }
        assertThat(repeated).as("task names repeated within a diagram").isEmpty();
    }

    /** The checks find what they look for: a small diagram with each fault. */
    @Test
    void theChecksNameTheFaultyElements() {
        String xml = """
            <definitions xmlns="%s" xmlns:bpmndi="%s" xmlns:dc="%s" xmlns:di="%s" id="d">
              <process id="P">
                <startEvent id="Start" name="Start"/>
                <task id="A"/><task id="B"/><task id="C"/>
                <sequenceFlow id="F1" sourceRef="Start" targetRef="A" name="go"/>
                <sequenceFlow id="F2" sourceRef="A" targetRef="B"/>
                <sequenceFlow id="F3" sourceRef="A" targetRef="C"/>
                <boundaryEvent id="Near" name="Deadline near" attachedToRef="A"/>
                <endEvent id="NotDrawn"/>
              </process>
              <bpmndi:BPMNDiagram id="D"><bpmndi:BPMNPlane id="PL" bpmnElement="P">
                <bpmndi:BPMNShape id="s0" bpmnElement="Start"><dc:Bounds x="0" y="0" width="36" height="36"/></bpmndi:BPMNShape>
                <bpmndi:BPMNShape id="s1" bpmnElement="A"><dc:Bounds x="100" y="0" width="100" height="80"/>
                  <bpmndi:BPMNLabel><dc:Bounds x="0" y="0" width="10" height="10"/></bpmndi:BPMNLabel></bpmndi:BPMNShape>
                <bpmndi:BPMNShape id="s2" bpmnElement="B"><dc:Bounds x="400" y="0" width="100" height="80"/></bpmndi:BPMNShape>
                <bpmndi:BPMNShape id="s3" bpmnElement="C"><dc:Bounds x="2600" y="200" width="100" height="80"/></bpmndi:BPMNShape>
                <bpmndi:BPMNShape id="s4" bpmnElement="Near"><dc:Bounds x="150" y="62" width="36" height="36"/></bpmndi:BPMNShape>
                <bpmndi:BPMNEdge id="e1" bpmnElement="F1"><di:waypoint x="36" y="18"/><di:waypoint x="100" y="18"/></bpmndi:BPMNEdge>
                <bpmndi:BPMNEdge id="e2" bpmnElement="F2"><di:waypoint x="200" y="40"/><di:waypoint x="400" y="40"/></bpmndi:BPMNEdge>
                <bpmndi:BPMNEdge id="e3" bpmnElement="F3"><di:waypoint x="300" y="0"/><di:waypoint x="300" y="240"/>
                  <di:waypoint x="2600" y="240"/></bpmndi:BPMNEdge>
              </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
            </definitions>""".formatted(BPMN, BPMNDI, DC, DI);
        Diagram d = read("test.bpmn", xml.getBytes(StandardCharsets.UTF_8));

        assertThat(d.crossings()).containsExactly("test.bpmn: F2 crosses F3");
        assertThat(d.unplacedLabels())
                .containsExactlyInAnyOrder(
                        "test.bpmn: Start (\"Start\") has no placed label",
                        "test.bpmn: F1 (\"go\") has no placed label",
                        "test.bpmn: Near (\"Deadline near\") has no placed label");
        assertThat(d.labelOverlaps()).containsExactly("test.bpmn: label of A lies on Start");
        assertThat(d.tooWide()).containsExactly("test.bpmn: 2700 px wide (at most 2600)");
        assertThat(d.undrawn()).containsExactly("test.bpmn: NotDrawn (endEvent) is not drawn");
        assertThat(d.copiedSlaTimers()).hasSize(1).allMatch(p -> p.startsWith("test.bpmn: Near"));
        assertThat(d.edgesThroughShapes()).isEmpty();

        Diagram through = read(
                "t.bpmn",
                xml.replace(
                                "<di:waypoint x=\"300\" y=\"0\"/>",
                                "<di:waypoint x=\"150\" y=\"-50\"/><di:waypoint x=\"150\" y=\"0\"/>")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(through.edgesThroughShapes()).containsExactly("t.bpmn: F3 runs through Near");
    }
}
