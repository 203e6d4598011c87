#!/usr/bin/env python3
"""One-off migration of bpmn/ to the SLA engine plugin (issue 12), kept for diagrams written before it.

For every user task with ${serviceLevels.due(task, 'R-SLA-n')}: the create listener becomes the extension
property sla = R-SLA-n; its copied "Deadline near"/"Deadline passed" boundary timers, their end events,
sequence flows and DI shapes/edges are removed; the delete listener serviceLevels.cancelledAtDeadline
(now added by the plugin) too. Retry cycles equal to the engine-wide one are removed. Text edits only:
no other element or shape moves. Usage: python3 tools/sla-property.py bpmn/*.bpmn
"""
import re
import sys

ENGINE_CYCLE = "PT10S,PT1M,PT5M,PT30M,PT2H"


def block(tag, element_id):
    """The element <tag id="element_id" ...> with its body (or self-closing), with its line's indentation."""
    return re.compile(r'\n[ \t]*<%s id="%s"[^>]*?(/>|>.*?</%s>)' % (re.escape(tag), re.escape(element_id), re.escape(tag)), re.S)


def remove(text, tag, element_id):
    text, n = block(tag, element_id).subn("", text, count=1)
    if n != 1:
        raise SystemExit("not found: %s %s" % (tag, element_id))
    return text


def migrate(text):
    timers = re.findall(r'<bpmn:boundaryEvent id="([^"]+)"[^>]*cancelActivity="false"[^>]*>(?:(?!</bpmn:boundaryEvent>).)*?'
                        r'serviceLevels\.deadline(?:Near|Passed)\(execution\)', text, re.S)
    for timer in timers:
        body = block("bpmn:boundaryEvent", timer).search(text).group(0)
        flows = re.findall(r'<bpmn:outgoing>([^<]+)</bpmn:outgoing>', body)
        text = remove(text, "bpmn:boundaryEvent", timer)
        text = re.sub(r'\n[ \t]*<bpmndi:BPMNShape id="[^"]*" bpmnElement="%s".*?</bpmndi:BPMNShape>' % re.escape(timer), "", text, flags=re.S)
        for flow in flows:
            target = re.search(r'<bpmn:sequenceFlow id="%s"[^>]*targetRef="([^"]+)"' % re.escape(flow), text).group(1)
            text = remove(text, "bpmn:sequenceFlow", flow)
            text = re.sub(r'\n[ \t]*<bpmndi:BPMNEdge id="[^"]*" bpmnElement="%s".*?</bpmndi:BPMNEdge>' % re.escape(flow), "", text, flags=re.S)
            end = block("bpmn:endEvent", target).search(text)
            if end and len(re.findall(r'<bpmn:incoming>', end.group(0))) == 1:
                text = remove(text, "bpmn:endEvent", target)
                text = re.sub(r'\n[ \t]*<bpmndi:BPMNShape id="[^"]*" bpmnElement="%s".*?</bpmndi:BPMNShape>' % re.escape(target), "", text, flags=re.S)
    text = re.sub(r'<camunda:taskListener expression="\$\{serviceLevels\.due\(task, \'(R-SLA-\d+)\'\)\}" event="create" />',
                  r'<camunda:properties>\n          <camunda:property name="sla" value="\1" />\n        </camunda:properties>', text)
    text = re.sub(r'\n[ \t]*<camunda:taskListener expression="\$\{serviceLevels\.cancelledAtDeadline\(task\)\}" event="delete" />', "", text)
    text = re.sub(r'\n[ \t]*<camunda:failedJobRetryTimeCycle>%s</camunda:failedJobRetryTimeCycle>' % re.escape(ENGINE_CYCLE), "", text)
    text = re.sub(r'\n[ \t]*<bpmn:extensionElements>\s*</bpmn:extensionElements>', "", text)
    return text, len(timers)


for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        original = f.read()
    migrated, removed = migrate(original)
    if migrated != original:
        with open(path, "w", encoding="utf-8") as f:
            f.write(migrated)
    print("%s: %d copied SLA timers removed" % (path, removed))
