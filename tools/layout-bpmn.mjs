#!/usr/bin/env node
// Generates the diagram (BPMN DI: shapes and edges) for BPMN files that have none.
//
//   npm run layout:bpmn                     every bpmn/**/*.bpmn without a diagram
//   npm run layout:bpmn -- bpmn/a.bpmn ...  only the files named
//
// A file that already has a <bpmndi:BPMNDiagram> is left alone ("kept layout").
//
// The layout comes from bpmn-auto-layout (layoutProcess); only its diagram part is used.
// The generated <bpmndi:BPMNDiagram> block is inserted before </definitions> of the original
// text, which otherwise stays byte for byte as it was (camunda:* attributes and extension
// elements, documentation, conditions, CDATA, comments, formatting). What this script adds
// to bpmn-auto-layout:
//   - tries several orders of the outgoing flows of forks (the layouter places branches in
//     the order it meets them) and keeps the tidiest diagram;
//   - embedded sub-processes are drawn expanded; event sub-processes collapsed, with their
//     content on their own drill-down plane (bpmn-auto-layout would draw it on top of the
//     main flow);
//   - boundary events sit on their host's lower edge without overlapping each other;
//   - text annotations and their associations are placed next to the annotated element.
// The file is written only if every element got a shape or edge and the semantic model parses
// back unchanged; otherwise it is reported and left untouched. Pools/lanes, several processes,
// data objects/stores and groups are not supported: draw those in Camunda Modeler.
// Exit code: 0 when every file was laid out or kept, 1 otherwise.

import { readFile, writeFile, rename, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { layoutProcess } from 'bpmn-auto-layout';
import { BpmnModdle } from 'bpmn-moddle';

const NS = {
  bpmndi: 'http://www.omg.org/spec/BPMN/20100524/DI',
  dc: 'http://www.omg.org/spec/DD/20100524/DC',
  di: 'http://www.omg.org/spec/DD/20100524/DI'
};
const CANDIDATES = 40; // layout attempts per file (different outgoing-flow orders)
const BOUNDARY_SPACING = 40; // px between centres of boundary events on one edge

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const moddle = new BpmnModdle();

// ---------------------------------------------------------------------------- model helpers

async function parse(xml) {
  const { rootElement, warnings } = await new BpmnModdle().fromXML(xml, 'bpmn:Definitions');
  return { definitions: rootElement, warnings };
}

async function serialize(definitions) {
  return (await moddle.toXML(definitions, { format: true })).xml;
}

const isA = (el, type) => !!el && typeof el.$instanceOf === 'function' && el.$instanceOf(type);
const isEventSubProcess = el => isA(el, 'bpmn:SubProcess') && !!el.triggeredByEvent;

function processes(definitions) {
  return (definitions.rootElements || []).filter(el => isA(el, 'bpmn:Process'));
}

/** The process and all sub-processes below it. */
function containers(roots) {
  const out = [];
  const visit = c => {
    out.push(c);
    (c.flowElements || []).filter(el => isA(el, 'bpmn:SubProcess')).forEach(visit);
  };
  roots.forEach(visit);
  return out;
}

/** What this script cannot draw; an empty list means it is fine to try. */
function unsupported(definitions) {
  const reasons = [];
  const roots = definitions.rootElements || [];
  if (roots.some(el => isA(el, 'bpmn:Collaboration'))) reasons.push('pools/collaboration');
  if (roots.some(el => isA(el, 'bpmn:Choreography'))) reasons.push('choreography');
  const procs = processes(definitions);
  if (procs.length !== 1) reasons.push(`${procs.length} processes (exactly one is supported)`);
  for (const c of containers(procs)) {
    if ((c.laneSets || []).some(ls => (ls.lanes || []).length)) reasons.push(`lanes in ${c.id}`);
    for (const el of c.flowElements || []) {
      if (isA(el, 'bpmn:DataObjectReference') || isA(el, 'bpmn:DataStoreReference')) {
        reasons.push(`data object/store ${el.id}`);
      }
      if ((el.dataInputAssociations || []).length || (el.dataOutputAssociations || []).length) {
        reasons.push(`data associations of ${el.id}`);
      }
    }
    for (const a of c.artifacts || []) {
      if (!isA(a, 'bpmn:TextAnnotation') && !isA(a, 'bpmn:Association')) reasons.push(`${a.$type} ${a.id}`);
    }
  }
  return reasons;
}

/** Elements that need a shape or an edge in the diagram. */
function drawable(definitions) {
  const out = [];
  for (const c of containers(processes(definitions))) {
    out.push(...(c.flowElements || []).filter(el => !isA(el, 'bpmn:DataObject')));
    out.push(...(c.artifacts || []));
  }
  return out;
}

function diElements(definitions) {
  return (definitions.diagrams || []).flatMap(d => (d.plane && d.plane.planeElement) || []);
}

/** Longest path (in elements) from el to an end, for ordering branches. */
function depthOf(el, attachers, memo = new Map(), onPath = new Set()) {
  if (memo.has(el)) return memo.get(el);
  if (onPath.has(el)) return 0;
  onPath.add(el);
  let d = 0;
  for (const flow of el.outgoing || []) {
    if (flow.targetRef) d = Math.max(d, depthOf(flow.targetRef, attachers, memo, onPath));
  }
  for (const att of attachers.get(el) || []) d = Math.max(d, depthOf(att, attachers, memo, onPath));
  onPath.delete(el);
  memo.set(el, d + 1);
  return d + 1;
}

function seededRandom(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6D2B79F5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ------------------------------------------------------------------------- layout inputs

/**
 * XML for the layouter only: the model plus a stub diagram that marks embedded sub-processes
 * as expanded (bpmn-auto-layout reads isExpanded from existing DI, then discards that DI),
 * in several orders of the <outgoing> references of forking nodes.
 */
async function layoutInputs(xml) {
  const { definitions } = await parse(xml);
  const [ proc ] = processes(definitions);
  const elements = containers([ proc ]).flatMap(c => c.flowElements || []);

  const expanded = elements.filter(el => isA(el, 'bpmn:SubProcess') && !isEventSubProcess(el));
  if (expanded.length) {
    const plane = moddle.create('bpmndi:BPMNPlane', { id: 'LayoutStubPlane', bpmnElement: proc });
    plane.planeElement = expanded.map(sp => moddle.create('bpmndi:BPMNShape', {
      id: `LayoutStub_${sp.id}`, bpmnElement: sp, isExpanded: true,
      bounds: moddle.create('dc:Bounds', { x: 0, y: 0, width: 1, height: 1 })
    }));
    definitions.diagrams = [ moddle.create('bpmndi:BPMNDiagram', { id: 'LayoutStub', plane }) ];
  }

  const inputs = [ await serialize(definitions) ];
  const forks = elements.filter(el => (el.outgoing || []).length > 1);
  if (!forks.length) return inputs;

  const original = new Map(forks.map(f => [ f, [ ...f.outgoing ] ]));
  const attachers = new Map();
  for (const b of elements.filter(el => el.attachedToRef)) {
    attachers.set(b.attachedToRef, [ ...(attachers.get(b.attachedToRef) || []), b ]);
  }
  const depth = new Map();
  const depthOfFlow = flow => depthOf(flow.targetRef, attachers, depth);
  const orders = [
    f => [ ...original.get(f) ].reverse(),
    f => [ ...original.get(f) ].sort((a, b) => depthOfFlow(a) - depthOfFlow(b)),
    f => [ ...original.get(f) ].sort((a, b) => depthOfFlow(b) - depthOfFlow(a))
  ];
  const random = seededRandom(20240);
  while (orders.length < CANDIDATES - 1) {
    orders.push(f => {
      const a = [ ...original.get(f) ];
      for (let i = a.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [ a[i], a[j] ] = [ a[j], a[i] ];
      }
      return a;
    });
  }
  for (const order of orders) {
    for (const f of forks) f.outgoing.splice(0, f.outgoing.length, ...order(f));
    inputs.push(await serialize(definitions));
  }
  return inputs;
}

// ------------------------------------------------------------------- fixing the layout

function shapeMap(definitions) {
  const map = new Map();
  for (const di of diElements(definitions)) if (isA(di, 'bpmndi:BPMNShape')) map.set(di.bpmnElement, di);
  return map;
}

/**
 * bpmn-auto-layout draws the content of collapsed sub-processes onto the main plane, on top
 * of the main flow. Give each collapsed sub-process its own (drill-down) diagram instead.
 */
function splitCollapsedPlanes(definitions) {
  const [ rootDiagram ] = definitions.diagrams;
  const shapes = shapeMap(definitions);
  const isCollapsed = el => isA(el, 'bpmn:SubProcess') && !shapes.get(el)?.isExpanded;
  const planeOwner = el => { // nearest collapsed container, else null (main plane)
    for (let c = el.$parent; c && !isA(c, 'bpmn:Process'); c = c.$parent) {
      if (isCollapsed(c)) return c;
    }
    return null;
  };
  const planes = new Map();
  const keep = [];
  for (const di of rootDiagram.plane.planeElement) {
    const owner = planeOwner(di.bpmnElement);
    if (!owner) { keep.push(di); continue; }
    if (!planes.has(owner)) {
      const plane = moddle.create('bpmndi:BPMNPlane', { id: `BPMNPlane_${owner.id}`, bpmnElement: owner });
      plane.planeElement = [];
      plane.$parent = definitions;
      planes.set(owner, moddle.create('bpmndi:BPMNDiagram', { id: `BPMNDiagram_${owner.id}`, plane }));
    }
    planes.get(owner).plane.planeElement.push(di);
  }
  rootDiagram.plane.planeElement = keep;
  definitions.diagrams.push(...planes.values());
}

/** Boundary events on the lower edge of their host, centred on it, not overlapping. */
function fixBoundaryEvents(definitions) {
  const shapes = shapeMap(definitions);
  const edges = diElements(definitions).filter(di => isA(di, 'bpmndi:BPMNEdge'));
  const byHost = new Map();
  for (const [ el, di ] of shapes) {
    if (!isA(el, 'bpmn:BoundaryEvent') || !shapes.has(el.attachedToRef)) continue;
    byHost.set(el.attachedToRef, [ ...(byHost.get(el.attachedToRef) || []), di ]);
  }
  for (const [ host, events ] of byHost) {
    const h = shapes.get(host).bounds;
    const n = events.length;
    const spacing = n * BOUNDARY_SPACING <= h.width + BOUNDARY_SPACING / 2
      ? Math.max(BOUNDARY_SPACING, Math.min(h.width / (n + 1), 60)) : h.width / (n + 1);
    events.sort((a, b) => a.bounds.x - b.bounds.x).forEach((di, i) => {
      const b = di.bounds;
      const oldCx = b.x + b.width / 2;
      const cx = Math.round(h.x + h.width / 2 + (i - (n - 1) / 2) * spacing);
      b.x = cx - b.width / 2;
      b.y = Math.round(h.y + h.height - b.height / 2);
      const dx = cx - oldCx;
      const bottom = b.y + b.height;
      for (const edge of edges.filter(e => e.bpmnElement.sourceRef === di.bpmnElement)) {
        const pts = edge.waypoint;
        // move the vertical run leaving the event; keep the end docked at its target
        let k = 0;
        while (k < pts.length - 1 && pts[k].x === oldCx) { pts[k].x += dx; k++; }
        if (k > 0) pts[0].y = bottom;
        if (k > 0 && k < pts.length && pts[k - 1].x !== pts[k].x && pts[k - 1].y !== pts[k].y) {
          pts.splice(k, 0, moddle.create('dc:Point', { x: pts[k - 1].x, y: pts[k].y }));
        }
      }
    });
  }
}

function overlaps(a, b, gap = 0) {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap &&
         a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;
}

/** Shapes for text annotations, edges for their associations. */
function placeAnnotations(definitions) {
  const shapes = shapeMap(definitions);
  const planeOf = new Map();
  for (const d of definitions.diagrams) for (const di of d.plane.planeElement) planeOf.set(di.bpmnElement, d.plane);
  const [ proc ] = processes(definitions);
  for (const c of containers([ proc ])) {
    const artifacts = c.artifacts || [];
    for (const ann of artifacts.filter(a => isA(a, 'bpmn:TextAnnotation'))) {
      const assoc = artifacts.filter(a => isA(a, 'bpmn:Association') && (a.sourceRef === ann || a.targetRef === ann));
      const anchorEl = assoc.map(a => (a.sourceRef === ann ? a.targetRef : a.sourceRef)).find(el => shapes.has(el));
      // the plane the container's content is drawn on: its own (process, collapsed
      // sub-process) or the one holding its shape (expanded sub-process)
      const contentPlane = definitions.diagrams.find(d => d.plane.bpmnElement === c)?.plane || planeOf.get(c);
      const target = (anchorEl && planeOf.get(anchorEl)) || contentPlane || definitions.diagrams[0].plane;
      const text = (ann.text || '').trim();
      const width = 150;
      const height = Math.max(30, 8 + 14 * Math.ceil(Math.max(text.length, 1) / 24));
      const others = target.planeElement.filter(di => di.bounds && !(isA(di.bpmnElement, 'bpmn:SubProcess') && di.isExpanded));
      let bounds;
      if (anchorEl) {
        const e = shapes.get(anchorEl).bounds;
        const spots = [
          { x: e.x + e.width / 2 + 10, y: e.y - height - 30 },
          { x: e.x + e.width / 2 - width - 10, y: e.y - height - 30 },
          { x: e.x + e.width + 30, y: e.y - height - 10 },
          { x: e.x + e.width / 2 + 10, y: e.y + e.height + 40 }
        ];
        bounds = spots.map(s => ({ ...s, width, height }))
          .find(s => !others.some(o => o.bpmnElement !== anchorEl && overlaps(s, o.bounds, 5))) ||
          { ...spots[0], width, height };
      } else {
        const minY = Math.min(0, ...others.map(o => o.bounds.y));
        bounds = { x: 20, y: minY - height - 30, width, height };
      }
      for (const k of [ 'x', 'y' ]) bounds[k] = Math.round(bounds[k]);
      const annDi = moddle.create('bpmndi:BPMNShape', {
        id: `${ann.id}_di`, bpmnElement: ann, bounds: moddle.create('dc:Bounds', bounds)
      });
      target.planeElement.push(annDi);
      shapes.set(ann, annDi);
      for (const a of assoc) {
        const other = a.sourceRef === ann ? a.targetRef : a.sourceRef;
        const o = shapes.get(other)?.bounds;
        if (!o) continue;
        const above = bounds.y + bounds.height <= o.y;
        const from = { x: o.x + o.width / 2, y: above ? o.y : o.y + o.height };
        const to = { x: Math.min(Math.max(from.x, bounds.x + 10), bounds.x + bounds.width - 10), y: above ? bounds.y + bounds.height : bounds.y };
        const pts = a.sourceRef === ann ? [ to, from ] : [ from, to ];
        target.planeElement.push(moddle.create('bpmndi:BPMNEdge', {
          id: `${a.id}_di`, bpmnElement: a, waypoint: pts.map(p => moddle.create('dc:Point', p))
        }));
      }
    }
  }
}

// ------------------------------------------------------------------------- layout score

function segmentHitsRect([ p, q ], r, inset = 3) {
  const x1 = r.x + inset, x2 = r.x + r.width - inset, y1 = r.y + inset, y2 = r.y + r.height - inset;
  return Math.max(p.x, q.x) > x1 && Math.min(p.x, q.x) < x2 && Math.max(p.y, q.y) > y1 && Math.min(p.y, q.y) < y2;
}

function segmentsCross([ a, b ], [ c, d ]) {
  const aH = a.y === b.y, cH = c.y === d.y;
  if (aH === cH) return false;
  const [ h1, h2, v1, v2 ] = aH ? [ a, b, c, d ] : [ c, d, a, b ];
  const strictly = (v, lo, hi) => v > Math.min(lo, hi) && v < Math.max(lo, hi);
  return strictly(v1.x, h1.x, h2.x) && strictly(h1.y, v1.y, v2.y);
}

/** Length along which two axis-parallel segments lie on top of each other. */
function sharedLength([ a, b ], [ c, d ]) {
  if (a.y === b.y && c.y === d.y && a.y === c.y) {
    return Math.max(0, Math.min(Math.max(a.x, b.x), Math.max(c.x, d.x)) - Math.max(Math.min(a.x, b.x), Math.min(c.x, d.x)));
  }
  if (a.x === b.x && c.x === d.x && a.x === c.x) {
    return Math.max(0, Math.min(Math.max(a.y, b.y), Math.max(c.y, d.y)) - Math.max(Math.min(a.y, b.y), Math.min(c.y, d.y)));
  }
  return 0;
}

function ancestors(el) {
  const out = new Set();
  for (let p = el?.$parent; p; p = p.$parent) out.add(p);
  return out;
}

/** Lower is tidier: overlaps, flows through shapes, crossings, shared stretches, backward flows, size. */
function score(definitions) {
  let s = 0;
  for (const { plane } of definitions.diagrams) {
    const shapes = plane.planeElement.filter(di => di.bounds).map(di => ({ el: di.bpmnElement, r: di.bounds }));
    const edges = plane.planeElement.filter(di => di.waypoint).map(di => ({ el: di.bpmnElement, pts: di.waypoint }));
    const plain = shapes.filter(sh => !isA(sh.el, 'bpmn:BoundaryEvent'));
    for (let i = 0; i < plain.length; i++) {
      for (let j = i + 1; j < plain.length; j++) {
        const [ a, b ] = [ plain[i], plain[j] ];
        if (ancestors(a.el).has(b.el) || ancestors(b.el).has(a.el)) continue;
        if (overlaps(a.r, b.r)) s += 10000;
      }
    }
    const segs = edges.map(e => e.pts.slice(1).map((q, k) => [ e.pts[k], q ]));
    edges.forEach((e, i) => {
      const src = e.el.sourceRef, tgt = e.el.targetRef;
      const exempt = new Set([ src, tgt, src?.attachedToRef, ...ancestors(src), ...ancestors(tgt) ]);
      for (const seg of segs[i]) {
        s += Math.max(0, seg[0].x - seg[1].x) * 2; // right to left
        s += (Math.abs(seg[0].x - seg[1].x) + Math.abs(seg[0].y - seg[1].y)) / 100; // length
        for (const sh of shapes) {
          if (!exempt.has(sh.el) && !exempt.has(sh.el?.attachedToRef) && segmentHitsRect(seg, sh.r)) s += 1000;
        }
      }
      for (let j = i + 1; j < edges.length; j++) {
        const other = edges[j].el;
        // flows of one fork or into one join may share a stretch; unrelated flows should not
        const related = other.sourceRef === src || other.targetRef === tgt;
        for (const a of segs[i]) {
          for (const b of segs[j]) {
            if (segmentsCross(a, b)) s += 200;
            if (!related) s += sharedLength(a, b) * 5;
          }
        }
      }
    });
    const maxX = Math.max(0, ...shapes.map(sh => sh.r.x + sh.r.width));
    const maxY = Math.max(0, ...shapes.map(sh => sh.r.y + sh.r.height));
    s += (maxX * maxY) / 20000;
  }
  return s;
}

// ------------------------------------------------------------------- text surgery

/** The text with comments, CDATA and processing instructions blanked out (same offsets). */
function masked(xml) {
  return xml.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>/g, m => m.replace(/[^\n]/g, ' '));
}

function rootTag(xml) {
  const m = /<(?:([\w.-]+):)?definitions\b[^>]*>/.exec(masked(xml));
  if (!m) throw new Error('no <definitions> root element found');
  return { text: xml.slice(m.index, m.index + m[0].length), index: m.index, prefix: m[1] };
}

function declaredPrefixes(tagText) {
  const map = new Map(); // prefix -> uri
  for (const m of tagText.matchAll(/\sxmlns:([\w.-]+)\s*=\s*(["'])(.*?)\2/g)) map.set(m[1], m[3]);
  return map;
}

/** Inserts the diagram blocks of `laidOut` into `original`, adding namespace declarations. */
function spliceDiagram(original, laidOut) {
  const outNs = declaredPrefixes(rootTag(laidOut).text);
  const prefixFor = uri => [ ...outNs ].find(([ , u ]) => u === uri)?.[0];
  const diPrefix = prefixFor(NS.bpmndi);
  if (!diPrefix) throw new Error('layouter output has no BPMN DI namespace');

  const start = laidOut.indexOf(`<${diPrefix}:BPMNDiagram`);
  const endTag = `</${diPrefix}:BPMNDiagram>`;
  const end = laidOut.lastIndexOf(endTag);
  if (start < 0 || end < 0) throw new Error('layouter output has no diagram');
  let block = laidOut.slice(laidOut.lastIndexOf('\n', start) + 1, end + endTag.length) + '\n';

  const root = rootTag(original);
  const have = declaredPrefixes(root.text);
  const add = [];
  for (const uri of Object.values(NS)) {
    const p = prefixFor(uri);
    if (!p || !block.includes(`<${p}:`)) continue;
    if (have.has(p)) {
      if (have.get(p) !== uri) throw new Error(`prefix "${p}" is bound to ${have.get(p)}, not ${uri}`);
      continue;
    }
    add.push(`xmlns:${p}="${uri}"`);
  }

  let result = original;
  if (add.length) {
    // after the last xmlns declaration of the root tag (one per line if written that way)
    const decls = [ ...root.text.matchAll(/(\s+)xmlns(?::[\w.-]+)?\s*=\s*(["']).*?\2/g) ];
    const last = decls[decls.length - 1];
    const at = last ? last.index + last[0].length : root.text.indexOf('definitions') + 'definitions'.length;
    const sep = last && last[1].includes('\n') ? last[1].replace(/\r/g, '') : ' ';
    const newTag = root.text.slice(0, at) + add.map(d => sep + d).join('') + root.text.slice(at);
    result = result.slice(0, root.index) + newTag + result.slice(root.index + root.text.length);
  }

  const close = `</${root.prefix ? root.prefix + ':' : ''}definitions>`;
  const closeAt = masked(result).lastIndexOf(close);
  if (closeAt < 0) throw new Error(`no ${close} found`);
  const closeLineStart = result.lastIndexOf('\n', closeAt - 1) + 1;
  const ownLine = /^\s*$/.test(result.slice(closeLineStart, closeAt));
  const insertAt = ownLine ? closeLineStart : closeAt;
  if (!ownLine) block = '\n' + block;
  if (original.includes('\r\n')) block = block.replace(/\r?\n/g, '\r\n');
  return result.slice(0, insertAt) + block + result.slice(insertAt);
}

async function semanticXml(xml) {
  const { definitions } = await parse(xml);
  definitions.diagrams?.splice(0);
  // namespace declarations of the DI are not semantic
  return (await serialize(definitions))
    .replace(/\sxmlns:[\w.-]+="http:\/\/www\.omg\.org\/spec\/(?:BPMN|DD)\/20100524\/(?:DI|DC)"/g, '');
}

// ------------------------------------------------------------------------------- main

async function layoutFile(file) {
  const rel = path.relative(process.cwd(), file) || file;
  const original = await readFile(file, 'utf8');

  let parsed;
  try {
    parsed = await parse(original);
  } catch (e) {
    console.error(`error: ${rel}: not readable as BPMN: ${e.message.split('\n')[0]}`);
    return false;
  }
  const { definitions, warnings } = parsed;

  if (/<(?:[\w.-]+:)?BPMNDiagram[\s>/]/.test(masked(original)) || (definitions.diagrams || []).length) {
    console.log(`kept layout: ${rel}`);
    return true;
  }

  const reasons = unsupported(definitions);
  if (reasons.length) {
    console.error(`skipped: ${rel}: cannot lay out ${reasons.join(', ')}; draw it in Camunda Modeler`);
    return false;
  }

  // try several branch orders, keep the tidiest diagram
  let best = null;
  for (const input of await layoutInputs(original)) {
    let d;
    try {
      ({ definitions: d } = await parse(await layoutProcess(input)));
      if (!d.diagrams?.length) continue;
      splitCollapsedPlanes(d);
      fixBoundaryEvents(d);
    } catch {
      continue; // the layouter gives up on some orders; others may work
    }
    const s = score(d);
    if (!best || s < best.score) best = { score: s, definitions: d };
  }
  if (!best) {
    console.error(`error: ${rel}: bpmn-auto-layout failed on this model`);
    return false;
  }
  placeAnnotations(best.definitions);

  let result;
  try {
    result = spliceDiagram(original, await serialize(best.definitions));
  } catch (e) {
    console.error(`error: ${rel}: ${e.message}`);
    return false;
  }

  // checks before writing: parses, everything drawn, same semantics
  const check = await parse(result);
  if (check.warnings.length > warnings.length) {
    console.error(`error: ${rel}: result has new parse warnings: ${check.warnings.map(w => w.message).join('; ')}`);
    return false;
  }
  const drawn = new Set(diElements(check.definitions).map(di => di.bpmnElement));
  const missing = drawable(check.definitions).filter(el => !drawn.has(el));
  if (missing.length) {
    console.error(`skipped: ${rel}: not drawn: ${missing.map(el => `${el.id} (${el.$type})`).join(', ')}; draw it in Camunda Modeler`);
    return false;
  }
  if (await semanticXml(original) !== await semanticXml(result)) {
    console.error(`error: ${rel}: the semantic model would change; not written`);
    return false;
  }

  const tmp = `${file}.layout-tmp`;
  await writeFile(tmp, result, 'utf8');
  await rename(tmp, file);
  console.log(`laid out: ${rel}`);
  return true;
}

async function defaultFiles() {
  const dir = path.join(repoRoot, 'bpmn');
  try {
    const entries = await readdir(dir, { recursive: true });
    return entries.filter(f => f.endsWith('.bpmn')).sort().map(f => path.join(dir, f));
  } catch (e) {
    if (e.code === 'ENOENT') return [];
    throw e;
  }
}

async function main() {
  const args = process.argv.slice(2);
  if (args.includes('-h') || args.includes('--help')) {
    console.log('usage: node tools/layout-bpmn.mjs [file.bpmn ...]   (default: bpmn/**/*.bpmn)');
    return 0;
  }
  const files = args.length ? args.map(a => path.resolve(a)) : await defaultFiles();
  if (!files.length) {
    console.log('no .bpmn files found');
    return 0;
  }
  let ok = true;
  for (const file of files) {
    if (!file.endsWith('.bpmn')) {
      console.error(`skipped: ${file}: not a .bpmn file`);
      ok = false;
      continue;
    }
    try {
      await stat(file);
    } catch {
      console.error(`error: ${file}: no such file`);
      ok = false;
      continue;
    }
    ok = (await layoutFile(file)) && ok;
  }
  return ok ? 0 : 1;
}

process.exitCode = await main();
