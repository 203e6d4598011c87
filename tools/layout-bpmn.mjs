#!/usr/bin/env node
// Draws the diagram (BPMN DI) of each BPMN file anew from its process model, for a reader:
// main path left to right on one row, exceptions below, no crossing lines, labels placed.
//
//   npm run layout:bpmn                     every bpmn/**/*.bpmn
//   npm run layout:bpmn -- bpmn/a.bpmn ...  only the files named
//
// Every <bpmndi:BPMNDiagram> of the file is replaced; the process part of the XML (everything
// before the first diagram) stays byte for byte as it is. Same model in, same file out, so it
// can be rerun after every change of the model.
//
// How: ELK's layered algorithm (elkjs), direction right, orthogonal edges, one port in the
// middle of each shape's left (incoming) and right (outgoing) side, boundary events as ports on
// their host's lower edge. The main path (the longest path from the start event to an end
// event that is not an error end, avoiding boundary events) comes first in the model order and
// gets the highest straightness priority, so it is the straight top row; the rest goes below.
// Sub-processes are drawn collapsed, each with its own drill-down plane (Modeler opens it with
// the arrow in the shape); their content is placed below the main plane's.
// Labels: an event's or gateway's name below the shape, a flow's name next to its first
// segment, sized to the text (about 7 px a character, wrapped at 90 px); each is put at the
// first spot that overlaps no shape, line or other label.
// A diagram wider than MAX_WIDTH is wrapped into rows (ELK graph wrapping).
// Several model orders and ELK settings are tried per plane; the drawing kept has no crossings
// and no lines through shapes (flows still crossing are rerouted), then the main path
// straightest on top, then the smallest. Takes a few minutes for all of bpmn/.
// Exit code 0 when every file was laid out and its diagram passes the checks below
// (the same as DiagramLayoutTest: crossings, lines through shapes, labels on shapes or
// labels, width), 1 otherwise.

import { readFile, writeFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ELK from 'elkjs/lib/elk.bundled.js';
import { BpmnModdle } from 'bpmn-moddle';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAX_WIDTH = 2600; // wider than this on one row: wrapped
const ORIGIN = { x: 160, y: 80 };
const CHAR_WIDTH = 7;
const LINE_HEIGHT = 14;
const LABEL_WRAP = 90;

const isA = (el, type) => !!el && typeof el.$instanceOf === 'function' && el.$instanceOf(type);
const isEvent = el => isA(el, 'bpmn:Event');
const isGateway = el => isA(el, 'bpmn:Gateway');
const isSubProcess = el => isA(el, 'bpmn:SubProcess');

function shapeSize(el) {
  if (isEvent(el)) return { width: 36, height: 36 };
  if (isGateway(el)) return { width: 50, height: 50 };
  if (isA(el, 'bpmn:TextAnnotation')) {
    const lines = wrap(el.text || '', 150).length;
    return { width: 150, height: Math.max(30, lines * LINE_HEIGHT + 10) };
  }
  return { width: 100, height: 80 };
}

/** Lines of a label text wrapped at `width` px (about CHAR_WIDTH px a character). */
function wrap(text, width = LABEL_WRAP) {
  const max = Math.floor(width / CHAR_WIDTH);
  const lines = [];
  let line = '';
  for (const word of text.trim().split(/\s+/)) {
    if (!line) line = word;
    else if ((line + ' ' + word).length <= max) line += ' ' + word;
    else { lines.push(line); line = word; }
  }
  if (line) lines.push(line);
  return lines;
}

function labelSize(text) {
  const lines = wrap(text);
  const width = Math.min(LABEL_WRAP, Math.max(...lines.map(l => l.length)) * CHAR_WIDTH + 10);
  return { width, height: lines.length * LINE_HEIGHT };
}

// ------------------------------------------------------------------------------ model

async function readModel(xml) {
  const { rootElement } = await new BpmnModdle().fromXML(xml, 'bpmn:Definitions');
  const processes = (rootElement.rootElements || []).filter(el => isA(el, 'bpmn:Process'));
  if (processes.length !== 1) throw new Error(`${processes.length} processes, exactly one is supported`);
  if ((rootElement.rootElements || []).some(el => isA(el, 'bpmn:Collaboration'))) {
    throw new Error('pools/collaborations are not supported');
  }
  return processes[0];
}

/** The process and its sub-processes: each gets a plane of its own. */
function planesOf(proc) {
  const out = [];
  const visit = c => {
    out.push(c);
    (c.flowElements || []).filter(isSubProcess).forEach(visit);
  };
  visit(proc);
  return out;
}

function isErrorEnd(el) {
  return isA(el, 'bpmn:EndEvent') && (el.eventDefinitions || []).some(d =>
    isA(d, 'bpmn:ErrorEventDefinition') || isA(d, 'bpmn:CancelEventDefinition') ||
    isA(d, 'bpmn:TerminateEventDefinition') || isA(d, 'bpmn:CompensateEventDefinition'));
}

/**
 * The main path: the longest path (in flow nodes, no node twice) from a start event to an end
 * event that is not an error end, not leaving through a boundary event. Ties: the first in
 * document order of the flows.
 */
function mainPath(nodes) {
  const starts = nodes.filter(el => isA(el, 'bpmn:StartEvent'));
  let best = [];
  const path = [];
  const onPath = new Set();
  let budget = 200000; // search steps; the models here need far fewer
  const walk = el => {
    if (--budget < 0) return;
    path.push(el); onPath.add(el);
    const next = (el.outgoing || []).map(f => f.targetRef).filter(t => t && !onPath.has(t) && nodes.includes(t));
    if (isA(el, 'bpmn:EndEvent') && !isErrorEnd(el) && path.length > best.length) best = [ ...path ];
    for (const t of next) walk(t);
    path.pop(); onPath.delete(el);
  };
  for (const s of starts) walk(s);
  return best;
}

// ----------------------------------------------------------------------------- layout

const elk = new ELK();

const LAYOUT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.spacing.nodeNodeBetweenLayers': '40',
  'elk.spacing.nodeNode': '50',
  'elk.layered.spacing.edgeNodeBetweenLayers': '25',
  'elk.spacing.edgeNode': '25',
  'elk.spacing.edgeEdge': '20',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '15',
  'elk.spacing.labelNode': '6',
  'elk.spacing.edgeLabel': '4',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.layered.nodePlacement.favorStraightEdges': 'true',
  'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
  'elk.separateConnectedComponents': 'false',
};

/** Lays out the flow nodes of one container; returns shapes and edges in plane coordinates. */
async function layoutContainer(container, extraOptions = {}, variant = 0, backPorts = false) {
  const random = seededRandom(variant);
  const shuffled = list => {
    const a = [ ...list ];
    if (!variant) return a;
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [ a[i], a[j] ] = [ a[j], a[i] ];
    }
    return a;
  };
  const elements = container.flowElements || [];
  const boundary = elements.filter(el => isA(el, 'bpmn:BoundaryEvent'));
  const nodes = elements.filter(el => isA(el, 'bpmn:FlowNode') && !isA(el, 'bpmn:BoundaryEvent'));
  const flows = elements.filter(el => isA(el, 'bpmn:SequenceFlow'));
  const artifacts = container.artifacts || [];
  const annotations = artifacts.filter(el => isA(el, 'bpmn:TextAnnotation'));
  const associations = artifacts.filter(el => isA(el, 'bpmn:Association'));

  // event sub-processes (no flows) are placed apart, below the rest
  const loose = nodes.filter(el => isSubProcess(el) && el.triggeredByEvent);
  const laidOut = nodes.filter(el => !loose.includes(el));

  const main = mainPath(laidOut);
  const mainSet = new Set(main);
  const mainFlows = new Set();
  for (let i = 0; i + 1 < main.length; i++) {
    const f = (main[i].outgoing || []).find(f => f.targetRef === main[i + 1]);
    if (f) mainFlows.add(f);
  }
  // model order: the main path, then the other nodes as met walking from it (branches in the
  // order they leave the main path, flows in document order)
  const order = [ ...main ];
  const seen = new Set(main);
  const visit = el => {
    for (const f of [ ...shuffled(el.outgoing || []), ...boundary.filter(b => b.attachedToRef === el).flatMap(b => b.outgoing || []) ]) {
      const t = f.targetRef;
      if (t && !seen.has(t) && laidOut.includes(t)) { seen.add(t); order.push(t); visit(t); }
    }
  };
  main.forEach(visit);
  for (const el of laidOut) if (!seen.has(el)) { seen.add(el); order.push(el); visit(el); }

  const hostPorts = new Map(); // host -> boundary events on its lower edge
  for (const b of boundary) {
    if (!b.attachedToRef) continue;
    hostPorts.set(b.attachedToRef, [ ...(hostPorts.get(b.attachedToRef) || []), b ]);
  }
  const boundaryX = new Map(); // boundary event -> x of its centre relative to the host
  for (const [ host, events ] of hostPorts) {
    const w = shapeSize(host).width;
    events.forEach((b, i) => boundaryX.set(b, Math.round(w * (i + 1) / (events.length + 1) + (events.length === 1 ? w / 6 : 0))));
  }

  // a flow that closes a loop (its target reaches its source) enters a gateway from below
  const reach = new Map();
  const reachable = from => {
    if (reach.has(from)) return reach.get(from);
    const seen = new Set();
    const stack = [ from ];
    while (stack.length) {
      const el = stack.pop();
      for (const f of [ ...(el.outgoing || []), ...boundary.filter(b => b.attachedToRef === el).flatMap(b => b.outgoing || []) ]) {
        if (f.targetRef && !seen.has(f.targetRef)) { seen.add(f.targetRef); stack.push(f.targetRef); }
      }
    }
    reach.set(from, seen);
    return seen;
  };
  const position = new Map(order.map((el, i) => [ el, i ]));
  const sourceNode = f => (isA(f.sourceRef, 'bpmn:BoundaryEvent') ? f.sourceRef.attachedToRef : f.sourceRef);
  const loopsBack = f => reachable(f.targetRef).has(sourceNode(f)) &&
    (mainSet.has(f.targetRef) || position.get(sourceNode(f)) > position.get(f.targetRef));
  // backPorts: false, 'gateways' or 'all': which nodes a loop enters from below
  const backInto = el => backPorts === 'all' ? !hostPorts.has(el) : backPorts === 'gateways' && isGateway(el);
  const labelOf = el => (el.name || '').trim();
  const children = order.map(el => {
    const { width, height } = shapeSize(el);
    const ports = [
      { id: `${el.id}__in`, x: 0, y: height / 2, width: 0, height: 0, layoutOptions: { 'elk.port.side': 'WEST' } },
      { id: `${el.id}__out`, x: width, y: height / 2, width: 0, height: 0, layoutOptions: { 'elk.port.side': 'EAST' } },
      ...(backInto(el) ? [ { id: `${el.id}__back`, x: width / 2, y: height, width: 0, height: 0, layoutOptions: { 'elk.port.side': 'SOUTH' } } ] : []),
      ...(hostPorts.get(el) || []).map(b => ({
        id: `${b.id}__out`, x: boundaryX.get(b), y: height + 18, width: 0, height: 0,
        layoutOptions: { 'elk.port.side': 'SOUTH' }
      }))
    ];
    const node = { id: el.id, width, height, ports, layoutOptions: { 'elk.portConstraints': 'FIXED_POS' } };
    if ((isEvent(el) || isGateway(el)) && labelOf(el)) {
      node.labels = [ { text: labelOf(el), ...labelSize(labelOf(el)) } ];
      node.layoutOptions['elk.nodeLabels.placement'] = 'OUTSIDE V_BOTTOM H_CENTER';
    }
    return node;
  });
  for (const a of annotations) children.push({ id: a.id, ...shapeSize(a) });

  const source = f => `${f.sourceRef.id}__out`; // a boundary event's port is on its host's lower edge
  const edges = shuffled(flows)
    .filter(f => f.sourceRef && f.targetRef && (laidOut.includes(f.targetRef)))
    .map(f => {
      const edge = {
        id: f.id, sources: [ source(f) ],
        targets: [ backInto(f.targetRef) && loopsBack(f) ? `${f.targetRef.id}__back` : `${f.targetRef.id}__in` ],
        layoutOptions: mainFlows.has(f)
          ? { 'elk.layered.priority.straightness': '100', 'elk.layered.priority.direction': '100' }
          : { 'elk.layered.priority.straightness': '1' }
      };
      return edge;
    });
  for (const a of associations) {
    if (!a.sourceRef || !a.targetRef) continue;
    edges.push({ id: a.id, sources: [ a.sourceRef.id ], targets: [ a.targetRef.id ] });
  }

  const graph = {
    id: container.id, children, edges,
    layoutOptions: { ...LAYOUT_OPTIONS, 'elk.randomSeed': String(variant + 1), ...extraOptions }
  };
  const result = await elk.layout(graph);

  const shapes = new Map();
  for (const n of result.children) {
    const el = elements.find(e => e.id === n.id) || annotations.find(e => e.id === n.id);
    const bounds = { x: n.x, y: n.y, width: n.width, height: n.height };
    shapes.set(el, { bounds });
    for (const b of hostPorts.get(el) || []) {
      const cx = n.x + boundaryX.get(b);
      shapes.set(b, { bounds: { x: cx - 18, y: n.y + n.height - 18, width: 36, height: 36 } });
    }
  }
  for (const el of nodes) if (isSubProcess(el) && shapes.has(el)) shapes.get(el).collapsed = true;

  const edgeResult = new Map();
  for (const e of result.edges) {
    const el = flows.find(f => f.id === e.id) || associations.find(a => a.id === e.id);
    const s = e.sections?.[0];
    if (!s) continue;
    const points = [ s.startPoint, ...(s.bendPoints || []), s.endPoint ].map(p => ({ x: p.x, y: p.y }));
    edgeResult.set(el, { points });
  }
  return { shapes, edges: edgeResult, main, loose };
}

/** Event sub-processes (no flows), collapsed, in a row below the rest. */
function placeLoose(layout) {
  const bs = [ ...layout.shapes.values() ].map(s => s.bounds);
  const maxY = Math.max(0, ...bs.map(b => b.y + b.height), ...[ ...layout.edges.values() ].flatMap(e => e.points.map(p => p.y)));
  let x = Math.min(0, ...bs.map(b => b.x));
  for (const el of layout.loose) {
    const { width, height } = shapeSize(el);
    layout.shapes.set(el, { bounds: { x, y: maxY + 80, width, height }, collapsed: true });
    x += width + 50;
  }
}

// ------------------------------------------------------------------------ geometry

const rnd = v => Math.round(v);

function roundAll(layout, dx, dy) {
  for (const s of layout.shapes.values()) {
    const b = s.bounds;
    s.bounds = { x: rnd(b.x + dx), y: rnd(b.y + dy), width: b.width, height: b.height };
  }
  for (const e of layout.edges.values()) {
    e.points = e.points.map(p => ({ x: rnd(p.x + dx), y: rnd(p.y + dy) }));
    // drop repeated and collinear middle points
    const pts = [];
    for (const p of e.points) {
      if (pts.length && pts[pts.length - 1].x === p.x && pts[pts.length - 1].y === p.y) continue;
      if (pts.length >= 2) {
        const a = pts[pts.length - 2], b = pts[pts.length - 1];
        if ((a.x === b.x && b.x === p.x) || (a.y === b.y && b.y === p.y)) pts.pop();
      }
      pts.push(p);
    }
    e.points = pts;
  }
}

function boxesOverlap(a, b, gap = 0) {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap &&
         a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;
}

function segmentHitsBox(p, q, r, inset = 0) {
  const x1 = r.x + inset, y1 = r.y + inset, x2 = r.x + r.width - inset, y2 = r.y + r.height - inset;
  return Math.max(p.x, q.x) > x1 && Math.min(p.x, q.x) < x2 && Math.max(p.y, q.y) > y1 && Math.min(p.y, q.y) < y2;
}

function segments(points) {
  return points.slice(1).map((q, i) => [ points[i], q ]);
}

// ----------------------------------------------------------------------- repair

/** Crossings plus lines through shapes of one edge's route against the rest of the plane. */
function routeFaults(layout, el, points) {
  let n = 0;
  const segs = segments(points);
  for (const [ other, e ] of layout.edges) {
    if (other === el) continue;
    for (const [ a, b ] of segs) for (const [ c, d ] of segments(e.points)) if (crosses(a, b, c, d)) n++;
  }
  const own = new Set([ el.sourceRef, el.targetRef ]);
  for (const [ sel, sh ] of layout.shapes) {
    if (own.has(sel) || (isSubProcess(sel) && !sh.collapsed)) continue;
    if (segs.some(([ p, q ]) => segmentHitsBox(p, q, sh.bounds, 4))) n++;
  }
  return n;
}

/**
 * Where lines still cross, tries other routes for the flows involved: one bend column between
 * its ends, or around everything (below or above) for a loop back; keeps a route only when it
 * has fewer faults. Ends stay where they are.
 */
function repairCrossings(layout) {
  for (let round = 0; round < 20; round++) {
    let improved = false;
    for (const [ el, e ] of layout.edges) {
      const faults = routeFaults(layout, el, e.points);
      if (!faults) continue;
      const s = e.points[0], t = e.points[e.points.length - 1];
      const first = e.points[1], last = e.points[e.points.length - 2];
      if (first.y !== s.y || last.y !== t.y) continue; // ends not horizontal: leave it
      const bs = [ ...layout.shapes.values() ].map(x => x.bounds);
      const top = Math.min(...bs.map(b => b.y)), bottom = Math.max(...bs.map(b => b.y + b.height));
      const routes = [];
      if (t.x > s.x + 20) {
        for (let m = s.x + 10; m <= t.x - 10; m += 5) routes.push([ s, { x: m, y: s.y }, { x: m, y: t.y }, t ]);
      }
      for (let k = 1; k <= 6; k++) {
        for (const y of [ bottom + 12 * k, top - 12 * k ]) {
          for (const a of [ 15, 25, 35 ]) {
            for (const b of [ 15, 25, 35 ]) {
              routes.push([ s, { x: s.x + a, y: s.y }, { x: s.x + a, y }, { x: t.x - b, y }, { x: t.x - b, y: t.y }, t ]);
            }
          }
        }
      }
      let best = null;
      for (const r of routes) {
        const pts = r.filter((p, i) => i === 0 || p.x !== r[i - 1].x || p.y !== r[i - 1].y);
        const f = routeFaults(layout, el, pts);
        const len = segments(pts).reduce((sum, [ p, q ]) => sum + Math.abs(p.x - q.x) + Math.abs(p.y - q.y), 0);
        if (f < faults && (!best || f < best.f || (f === best.f && len < best.len))) best = { f, len, pts };
      }
      if (best) { e.points = best.pts; improved = true; }
    }
    if (!improved) break;
  }
}

// --------------------------------------------------------------------------- labels

/**
 * Places the labels of events, gateways and flows of one plane: each at the first candidate
 * spot that overlaps no shape, no line and no label placed before.
 */
function placeLabels(layout) {
  const shapeBoxes = [ ...layout.shapes.values() ].map(s => s.bounds);
  const edgeSegs = [ ...layout.edges.values() ].flatMap(e => segments(e.points));
  const placed = [];
  const free = (box, ownSegs = []) =>
    !shapeBoxes.some(b => boxesOverlap(box, b, 2)) &&
    !placed.some(b => boxesOverlap(box, b, 2)) &&
    !edgeSegs.some(([ p, q ]) => !ownSegs.includes(p) && segmentHitsBox(p, q, box, -2));
  const crowded = [];
  const take = (el, candidates) => {
    let box = candidates.find(c => free(c));
    if (!box) { // further away, nearest first
      const { x, y, width, height } = candidates[0];
      const around = [];
      for (let dx = -160; dx <= 160; dx += 8) {
        for (let dy = -120; dy <= 120; dy += 6) around.push({ x: x + dx, y: y + dy, width, height, d: dx * dx + 2 * dy * dy });
      }
      around.sort((a, b) => a.d - b.d || a.x - b.x || a.y - b.y);
      box = around.find(c => free(c));
      if (!box) { // no free spot: the nearest that at least overlaps no shape or label
        crowded.push(el.id);
        box = around.find(c => !shapeBoxes.some(b => boxesOverlap(c, b, 2)) && !placed.some(b => boxesOverlap(c, b, 2))) || candidates[0];
      }
      box = { x: box.x, y: box.y, width, height };
    }
    placed.push(box);
    return box;
  };
  const items = [];
  for (const [ el, s ] of layout.shapes) {
    const text = (el.name || '').trim();
    if (text && (isEvent(el) || isGateway(el))) items.push({ el, s, text, kind: 'shape' });
  }
  for (const [ el, e ] of layout.edges) {
    const text = (el.name || '').trim();
    if (text && isA(el, 'bpmn:SequenceFlow')) items.push({ el, e, text, kind: 'edge' });
  }
  for (const item of items) {
    const { width, height } = labelSize(item.text);
    const cands = [];
    if (item.kind === 'shape') {
      const b = item.s.bounds;
      const cx = b.x + b.width / 2;
      const below = isA(item.el, 'bpmn:BoundaryEvent') ? 4 : 6;
      for (const dy of [ 0, 8, 16, 28, 42 ]) cands.push({ x: cx - width / 2, y: b.y + b.height + below + dy });
      for (const dx of [ 12, 24, 40 ]) cands.push({ x: b.x + b.width / 2 + dx, y: b.y + b.height + below });
      for (const dx of [ 12, 24, 40 ]) cands.push({ x: cx - width - dx, y: b.y + b.height + below });
      cands.push({ x: cx - width / 2, y: b.y - height - 6 });
      cands.push({ x: b.x + b.width + 6, y: b.y + b.height + 2 });
      cands.push({ x: b.x - width - 6, y: b.y + b.height + 2 });
      cands.push({ x: b.x - width - 6, y: b.y - height - 2 });
      cands.push({ x: b.x + b.width + 6, y: b.y - height - 2 });
    } else {
      // along the flow from its start: above/below a horizontal stretch, right/left of a
      // vertical one
      for (const [ p, q ] of segments(item.e.points)) {
        if (p.y === q.y) {
          const dir = Math.sign(q.x - p.x) || 1;
          const len = Math.abs(q.x - p.x);
          for (let off = 4; off + width <= len + 8 || off === 4; off += 8) {
            const x = dir > 0 ? p.x + off : p.x - off - width;
            cands.push({ x, y: p.y - height - 3 });
            cands.push({ x, y: p.y + 4 });
          }
        } else {
          const dir = Math.sign(q.y - p.y) || 1;
          const len = Math.abs(q.y - p.y);
          for (let off = 4; off + height <= len + 4 || off === 4; off += 8) {
            const y = dir > 0 ? p.y + off : p.y - off - height;
            cands.push({ x: p.x + 5, y });
            cands.push({ x: p.x - width - 5, y });
          }
        }
      }
    }
    const sized = cands.map(c => ({ x: rnd(c.x), y: rnd(c.y), width, height }));
    (item.s || item.e).label = take(item.el, sized);
  }
  return crowded;
}

// ---------------------------------------------------------------------------- output

function diagramXml(planeElement, layout, p) {
  const { bpmndi, dc, di } = p;
  const out = [];
  const b = bx => `<${dc}:Bounds x="${bx.x}" y="${bx.y}" width="${bx.width}" height="${bx.height}" />`;
  out.push(`  <${bpmndi}:BPMNDiagram id="BPMNDiagram_${planeElement.id}">`);
  out.push(`    <${bpmndi}:BPMNPlane id="BPMNPlane_${planeElement.id}" bpmnElement="${planeElement.id}">`);
  for (const [ el, s ] of layout.shapes) {
    const expanded = isSubProcess(el) ? ' isExpanded="false"' : '';
    out.push(`      <${bpmndi}:BPMNShape id="${el.id}_di" bpmnElement="${el.id}"${expanded}>`);
    out.push(`        ${b(s.bounds)}`);
    if (s.label) {
      out.push(`        <${bpmndi}:BPMNLabel>`);
      out.push(`          ${b(s.label)}`);
      out.push(`        </${bpmndi}:BPMNLabel>`);
    }
    out.push(`      </${bpmndi}:BPMNShape>`);
  }
  for (const [ el, e ] of layout.edges) {
    out.push(`      <${bpmndi}:BPMNEdge id="${el.id}_di" bpmnElement="${el.id}">`);
    for (const pt of e.points) out.push(`        <${di}:waypoint x="${pt.x}" y="${pt.y}" />`);
    if (e.label) {
      out.push(`        <${bpmndi}:BPMNLabel>`);
      out.push(`          ${b(e.label)}`);
      out.push(`        </${bpmndi}:BPMNLabel>`);
    }
    out.push(`      </${bpmndi}:BPMNEdge>`);
  }
  out.push(`    </${bpmndi}:BPMNPlane>`);
  out.push(`  </${bpmndi}:BPMNDiagram>`);
  return out.join('\n') + '\n';
}

const NS = {
  bpmndi: 'http://www.omg.org/spec/BPMN/20100524/DI',
  dc: 'http://www.omg.org/spec/DD/20100524/DC',
  di: 'http://www.omg.org/spec/DD/20100524/DI'
};

/** The original text with its diagrams replaced by `diagrams` (namespace prefixes as declared). */
function splice(original, buildDiagrams) {
  const rootMatch = /<([\w.-]+:)?definitions\b[^>]*>/.exec(original);
  if (!rootMatch) throw new Error('no <definitions> element');
  let root = rootMatch[0];
  const prefixes = {};
  const add = [];
  for (const [ key, uri ] of Object.entries(NS)) {
    const m = [ ...root.matchAll(/\sxmlns:([\w.-]+)\s*=\s*"([^"]*)"/g) ].find(m => m[2] === uri);
    if (m) prefixes[key] = m[1];
    else { prefixes[key] = key; add.push(` xmlns:${key}="${uri}"`); }
  }
  let text = original;
  if (add.length) {
    const newRoot = root.replace(/(\/?>)$/, add.join('') + '$1');
    text = text.slice(0, rootMatch.index) + newRoot + text.slice(rootMatch.index + root.length);
  }
  const diagrams = buildDiagrams(prefixes);
  const open = `<${prefixes.bpmndi}:BPMNDiagram`;
  const close = `</${prefixes.bpmndi}:BPMNDiagram>`;
  const first = text.indexOf(open);
  if (first >= 0) {
    const start = text.lastIndexOf('\n', first) + 1;
    const lastClose = text.lastIndexOf(close);
    let end = lastClose + close.length;
    if (text[end] === '\n') end++;
    else if (text.slice(end, end + 2) === '\r\n') end += 2;
    return text.slice(0, start) + diagrams + text.slice(end);
  }
  const defClose = text.lastIndexOf(`</${rootMatch[1] || ''}definitions>`);
  const lineStart = text.lastIndexOf('\n', defClose - 1) + 1;
  return text.slice(0, lineStart) + diagrams + text.slice(lineStart);
}

// ---------------------------------------------------------------------------- checks

/** What DiagramLayoutTest checks, over all planes of the file together. */
function problems(file, layouts) {
  const out = [];
  const shapes = layouts.flatMap(l => [ ...l.shapes ]);
  const edges = layouts.flatMap(l => [ ...l.edges ]);
  const labels = [ ...shapes.map(([ el, s ]) => [ el, s.label ]), ...edges.map(([ el, e ]) => [ el, e.label ]) ]
    .filter(([ , l ]) => l);
  for (let i = 0; i < edges.length; i++) {
    for (let j = i + 1; j < edges.length; j++) {
      for (const [ a, b ] of segments(edges[i][1].points)) {
        for (const [ c, d ] of segments(edges[j][1].points)) {
          if (crosses(a, b, c, d)) out.push(`crossing: ${edges[i][0].id} x ${edges[j][0].id}`);
        }
      }
    }
  }
  for (const [ el, e ] of edges) {
    const own = new Set([ el.sourceRef?.id, el.targetRef?.id ]);
    for (const [ sel, s ] of shapes) {
      if (own.has(sel.id) || isSubProcess(sel) && !s.collapsed) continue;
      if (segments(e.points).some(([ p, q ]) => segmentHitsBox(p, q, s.bounds, 4))) out.push(`through: ${el.id} through ${sel.id}`);
    }
  }
  for (const [ el, l ] of labels) {
    for (const [ sel, s ] of shapes) {
      if (boxesOverlap(l, s.bounds)) out.push(`label on shape: ${el.id} on ${sel.id}`);
    }
    for (const [ other, m ] of labels) {
      if (other.id < el.id && boxesOverlap(l, m)) out.push(`label on label: ${el.id} on ${other.id}`);
    }
  }
  const xs = shapes.map(([ , s ]) => s.bounds);
  const width = Math.max(...xs.map(b => b.x + b.width)) - Math.min(...xs.map(b => b.x));
  if (width > 2600) out.push(`width ${width}`);
  return { problems: out.map(p => `${file}: ${p}`), width, shapes: shapes.length };
}

function crosses(a, b, c, d) {
  const hv = (p, q) => (Math.abs(p.y - q.y) < 0.5 ? 'h' : Math.abs(p.x - q.x) < 0.5 ? 'v' : null);
  const k1 = hv(a, b), k2 = hv(c, d);
  if (!k1 || !k2 || k1 === k2) return false;
  const [ [ h1, h2 ], [ v1, v2 ] ] = k1 === 'h' ? [ [ a, b ], [ c, d ] ] : [ [ c, d ], [ a, b ] ];
  const inside = (x, lo, hi) => Math.min(lo, hi) + 0.5 < x && x < Math.max(lo, hi) - 0.5;
  return inside(v1.x, h1.x, h2.x) && inside(h1.y, v1.y, v2.y);
}

// ------------------------------------------------------------------------------ main

function seededRandom(seed) {
  let s = (seed * 2654435761) >>> 0;
  return () => {
    s = (s + 0x6D2B79F5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const span = l => {
  const bs = [ ...l.shapes.values() ].map(s => s.bounds);
  return Math.max(...bs.map(b => b.x + b.width)) - Math.min(...bs.map(b => b.x));
};

/** The layout upside down (the main path on top when ELK put the branches above it). */
function mirrored(layout) {
  const shapes = new Map([ ...layout.shapes ].map(([ el, s ]) =>
    [ el, { ...s, bounds: { ...s.bounds, y: -s.bounds.y - s.bounds.height } } ]));
  const edges = new Map([ ...layout.edges ].map(([ el, e ]) => [ el, { ...e, points: e.points.map(p => ({ x: p.x, y: -p.y })) } ]));
  return { ...layout, shapes, edges };
}

/**
 * How bad a layout is: `hard` counts crossings and lines through shapes (the check refuses
 * those); `soft` grows with main-path nodes off the row, nodes and lines above it, and size.
 */
function badness(layout, wrapped) {
  let hard = 0, soft = 0;
  const edges = [ ...layout.edges ];
  const shapes = [ ...layout.shapes ].filter(([ el ]) => !(isSubProcess(el) && el.triggeredByEvent));
  for (let i = 0; i < edges.length; i++) {
    for (let j = i + 1; j < edges.length; j++) {
      for (const [ a, b ] of segments(edges[i][1].points)) {
        for (const [ c, d ] of segments(edges[j][1].points)) if (crosses(a, b, c, d)) hard++;
      }
    }
    const own = new Set([ edges[i][0].sourceRef, edges[i][0].targetRef ]);
    for (const [ el, sh ] of shapes) {
      if (!own.has(el) && segments(edges[i][1].points).some(([ p, q ]) => segmentHitsBox(p, q, sh.bounds, 4))) hard++;
    }
  }
  if (!wrapped) {
    const mid = el => { const b = layout.shapes.get(el).bounds; return b.y + b.height / 2; };
    const rowY = layout.main.length ? mid(layout.main[0]) : 0;
    for (const el of layout.main) if (Math.abs(mid(el) - rowY) > 1) soft += 3000;
    for (const [ , sh ] of shapes) if (sh.bounds.y + sh.bounds.height / 2 < rowY - 1) soft += 1000;
    for (const [ , e ] of edges) if (e.points.some(p => p.y < rowY - 60)) soft += 300;
  }
  const bs = shapes.map(([ , sh ]) => sh.bounds);
  const height = Math.max(...bs.map(b => b.y + b.height)) - Math.min(...bs.map(b => b.y));
  soft += span(layout) / 10 + height / 10;
  if (span(layout) > MAX_WIDTH - 5) hard++; // 5 px for rounding
  return { hard, soft };
}

const VARIANTS = 16; // model orders tried per plane

async function layoutPlane(container) {
  let best = null;
  let wrapped = false;
  const consider = layout => {
    repairCrossings(layout);
    const { hard, soft } = badness(layout, wrapped);
    if (!best || hard < best.hard || (hard === best.hard && soft < best.soft)) best = { hard, soft, layout };
  };
  const hasBoundary = (container.flowElements || []).some(el => isA(el, 'bpmn:BoundaryEvent'));
  // widest spacing between columns (room for flow labels) that keeps the main path on one row
  let options = null;
  for (const gap of [ 70, 55, 40 ]) {
    const o = { 'elk.layered.spacing.nodeNodeBetweenLayers': String(gap) };
    if (span(await layoutContainer(container, o, 0)) <= MAX_WIDTH - 100) { options = o; break; } // room for other orders
  }
  if (!options) {
    console.log(`  ${container.id}: wider than ${MAX_WIDTH} px on one row, wrapped into rows`);
    wrapped = true;
    options = {
      'elk.layered.spacing.nodeNodeBetweenLayers': '55',
      'elk.layered.wrapping.strategy': 'MULTI_EDGE',
      'elk.aspectRatio': '2.2',
      'elk.layered.wrapping.additionalEdgeSpacing': '20'
    };
  }
  // more orders and other crossing minimisers while lines still cross or run through shapes
  const others = [ {}, { 'elk.layered.thoroughness': '40' },
    { 'elk.layered.considerModelOrder.strategy': 'NONE', 'elk.layered.thoroughness': '40' },
    { 'elk.layered.cycleBreaking.strategy': 'GREEDY', 'elk.layered.thoroughness': '40' },
    { 'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF' },
    { 'elk.layered.feedbackEdges': 'true', 'elk.layered.thoroughness': '40' },
    { 'elk.layered.feedbackEdges': 'true', 'elk.layered.considerModelOrder.strategy': 'NONE' },
    { 'elk.layered.spacing.nodeNodeBetweenLayers': '40', 'elk.layered.considerModelOrder.strategy': 'NONE' },
    { 'elk.layered.layering.strategy': 'LONGEST_PATH', 'elk.layered.considerModelOrder.strategy': 'NONE' },
    { 'elk.layered.crossingMinimization.greedySwitch.type': 'TWO_SIDED', 'elk.layered.thoroughness': '100' } ];
  search: for (const backPorts of [ false, 'gateways', 'all' ]) {
    for (const extra of others) {
      for (let v = 0; v < VARIANTS; v++) {
        let layout;
        try {
          layout = await layoutContainer(container, { ...options, ...extra }, v, backPorts);
        } catch {
          continue; // ELK gives up on some option sets; others work
        }
        consider(layout);
        if (!hasBoundary) consider(mirrored(layout));
      }
      if (best.hard === 0) break search;
    }
  }
  if (best.hard > 0) console.log(`  ${container.id}: no layout without crossings or lines through shapes found`);
  placeLoose(best.layout);
  return best.layout;
}

async function layoutFile(file) {
  const rel = path.relative(process.cwd(), file) || file;
  const original = await readFile(file, 'utf8');
  const proc = await readModel(original);
  const layouts = [];
  let top = ORIGIN.y;
  for (const container of planesOf(proc)) {
    const layout = await layoutPlane(container);
    const bs = [ ...layout.shapes.values() ].map(s => s.bounds);
    const minX = Math.min(...bs.map(b => b.x)), minY = Math.min(...bs.map(b => b.y));
    roundAll(layout, ORIGIN.x - minX, top - minY);
    repairCrossings(layout);
    const crowded = placeLabels(layout);
    if (crowded.length) console.log(`  ${container.id}: labels on a line (no free spot): ${crowded.join(', ')}`);
    const all = [ ...[ ...layout.shapes.values() ].flatMap(s => [ s.bounds, s.label ]), ...[ ...layout.edges.values() ].map(e => e.label) ]
      .filter(Boolean);
    const pointsY = [ ...layout.edges.values() ].flatMap(e => e.points.map(p => p.y));
    top = Math.max(...all.map(b => b.y + b.height), ...pointsY) + 120; // next plane's content below this one's
    layouts.push({ container, ...layout });
  }
  const result = splice(original, p => layouts.map(l => diagramXml(l.container, l, p)).join(''));
  const check = problems(rel, layouts);
  if (result !== original) await writeFile(file, result, 'utf8');
  console.log(`${result !== original ? 'laid out' : 'unchanged'}: ${rel} (width ${check.width}, shapes ${check.shapes}, main path ${layouts[0].main.length} elements)`);
  for (const p of check.problems) console.error(`  ${p}`);
  return check.problems.length === 0;
}

async function defaultFiles() {
  const dir = path.join(repoRoot, 'bpmn');
  const entries = await readdir(dir, { recursive: true });
  return entries.filter(f => f.endsWith('.bpmn')).sort().map(f => path.join(dir, f));
}

async function main() {
  const args = process.argv.slice(2);
  if (args.includes('-h') || args.includes('--help')) {
    console.log('usage: node tools/layout-bpmn.mjs [file.bpmn ...]   (default: bpmn/**/*.bpmn)');
    return 0;
  }
  const files = args.length ? args.map(a => path.resolve(a)) : await defaultFiles();
  let ok = true;
  for (const file of files) {
    try {
      ok = (await layoutFile(file)) && ok;
    } catch (e) {
      console.error(`error: ${file}: ${e.message}`);
      ok = false;
    }
  }
  return ok ? 0 : 1;
}

process.exitCode = await main();
