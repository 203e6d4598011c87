#!/usr/bin/env node
// Generates the diagram (BPMN DI: shapes and edges) for BPMN files that have none.
//
//   npm run layout:bpmn                     every bpmn/**/*.bpmn without a diagram
//   npm run layout:bpmn -- bpmn/a.bpmn ...  only the files named
//
// A file that already has a <bpmndi:BPMNDiagram> is left alone ("kept layout").
// The layout comes from bpmn-auto-layout (layoutProcess). Only its diagram part is used:
// the generated <bpmndi:BPMNDiagram> block is inserted before </definitions> of the
// original text, which is otherwise left byte for byte as it was (camunda:* attributes and
// extension elements, documentation, conditions, CDATA, comments, formatting).
// Because the layouter places branches in the order it meets them, a few orders of the
// outgoing flows are tried and the tidiest result is kept (fewest backward flows, flows
// through shapes, crossings, overlaps). Boundary events are checked to sit on their host.
// The file is written only if every flow element and artifact got a shape or edge and the
// semantic model parses back unchanged; otherwise it is reported and left untouched.
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

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------------------- helpers

async function parse(xml) {
  const { rootElement, warnings } = await new BpmnModdle().fromXML(xml, 'bpmn:Definitions');
  return { definitions: rootElement, warnings };
}

const isA = (el, type) => el && typeof el.$instanceOf === 'function' && el.$instanceOf(type);

function processes(definitions) {
  return (definitions.rootElements || []).filter(el => isA(el, 'bpmn:Process'));
}

/** Every FlowElementsContainer below (and including) the given ones. */
function containers(roots) {
  const out = [];
  const visit = c => {
    out.push(c);
    (c.flowElements || []).filter(el => isA(el, 'bpmn:SubProcess')).forEach(visit);
  };
  roots.forEach(visit);
  return out;
}

/** What bpmn-auto-layout cannot draw; an empty list means it is fine to try. */
function unsupported(definitions) {
  const reasons = [];
  const roots = definitions.rootElements || [];
  if (roots.some(el => isA(el, 'bpmn:Collaboration'))) reasons.push('pools/collaboration');
  if (roots.some(el => isA(el, 'bpmn:Choreography'))) reasons.push('choreography');
  const procs = processes(definitions);
  if (procs.length !== 1) reasons.push(`${procs.length} processes (exactly one is supported)`);
  for (const c of containers(procs)) {
    if ((c.laneSets || []).some(ls => (ls.lanes || []).length)) reasons.push(`lanes in ${c.id}`);
  }
  return reasons;
}

/** Elements that need a shape or an edge in the diagram. */
function drawable(definitions) {
  const out = [];
  for (const c of containers(processes(definitions))) {
    for (const el of c.flowElements || []) {
      if (isA(el, 'bpmn:DataObject')) continue; // semantic only; its references are drawn
      out.push(el);
    }
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

/**
 * XML variants that differ only in the order of <outgoing> references of forking nodes.
 * They are fed to the layouter only; the written file keeps the original text.
 */
async function layoutInputs(xml) {
  const inputs = [ xml ];
  const { definitions } = await parse(xml);
  const elements = containers(processes(definitions)).flatMap(c => c.flowElements || []);
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
  const moddle = new BpmnModdle();
  for (const order of orders) {
    for (const f of forks) f.outgoing.splice(0, f.outgoing.length, ...order(f));
    inputs.push((await moddle.toXML(definitions)).xml);
  }
  return inputs;
}

// ------------------------------------------------------------------------- layout score

function rectOf(bounds) {
  return { x: bounds.x, y: bounds.y, w: bounds.width, h: bounds.height };
}

function segmentHitsRect([ p, q ], r, inset = 3) {
  const x1 = r.x + inset, x2 = r.x + r.w - inset, y1 = r.y + inset, y2 = r.y + r.h - inset;
  const minX = Math.min(p.x, q.x), maxX = Math.max(p.x, q.x);
  const minY = Math.min(p.y, q.y), maxY = Math.max(p.y, q.y);
  return maxX > x1 && minX < x2 && maxY > y1 && minY < y2; // segments are axis-parallel
}

function segmentsCross([ a, b ], [ c, d ]) {
  const aH = a.y === b.y, cH = c.y === d.y;
  if (aH === cH) return false;
  const [ h1, h2, v1, v2 ] = aH ? [ a, b, c, d ] : [ c, d, a, b ];
  const x = v1.x, y = h1.y;
  const strictly = (v, lo, hi) => v > Math.min(lo, hi) && v < Math.max(lo, hi);
  return strictly(x, h1.x, h2.x) && strictly(y, v1.y, v2.y);
}

/** Lower is tidier. */
function score(definitions) {
  const shapes = [], edges = [];
  for (const di of diElements(definitions)) {
    if (isA(di, 'bpmndi:BPMNShape') && di.bounds) shapes.push({ el: di.bpmnElement, r: rectOf(di.bounds) });
    if (isA(di, 'bpmndi:BPMNEdge')) edges.push({ el: di.bpmnElement, pts: di.waypoint || [] });
  }
  let s = 0;
  const plain = shapes.filter(sh => !isA(sh.el, 'bpmn:BoundaryEvent'));
  for (let i = 0; i < plain.length; i++) {
    for (let j = i + 1; j < plain.length; j++) {
      const a = plain[i].r, b = plain[j].r;
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) s += 10000;
    }
  }
  const segs = edges.map(e => e.pts.slice(1).map((q, k) => [ e.pts[k], q ]));
  edges.forEach((e, i) => {
    const ends = new Set([ e.el.sourceRef, e.el.targetRef, e.el.sourceRef?.attachedToRef ]);
    for (const seg of segs[i]) {
      s += Math.max(0, seg[0].x - seg[1].x) * 2; // flowing right to left
      s += Math.abs(seg[0].x - seg[1].x) / 100 + Math.abs(seg[0].y - seg[1].y) / 100; // length
      for (const sh of shapes) {
        if (!ends.has(sh.el) && !ends.has(sh.el?.attachedToRef) && segmentHitsRect(seg, sh.r)) s += 1000;
      }
    }
    for (let j = i + 1; j < edges.length; j++) {
      for (const a of segs[i]) for (const b of segs[j]) if (segmentsCross(a, b)) s += 200;
    }
  });
  const maxX = Math.max(0, ...shapes.map(sh => sh.r.x + sh.r.w));
  const maxY = Math.max(0, ...shapes.map(sh => sh.r.y + sh.r.h));
  return s + (maxX * maxY) / 20000;
}

/** Puts each boundary event's centre on its host's border (bottom edge) if it is not. */
function fixBoundaryEvents(definitions) {
  const dis = diElements(definitions);
  const shapeOf = el => dis.find(di => di.bpmnElement === el && isA(di, 'bpmndi:BPMNShape'));
  const byHost = new Map();
  for (const di of dis) {
    if (!isA(di.bpmnElement, 'bpmn:BoundaryEvent')) continue;
    const host = di.bpmnElement.attachedToRef;
    if (!byHost.has(host)) byHost.set(host, []);
    byHost.get(host).push(di);
  }
  let fixed = 0;
  for (const [ host, events ] of byHost) {
    const h = shapeOf(host)?.bounds;
    if (!h) continue;
    events.forEach((di, i) => {
      const b = di.bounds;
      const cx = b.x + b.width / 2, cy = b.y + b.height / 2;
      const onX = cx >= h.x && cx <= h.x + h.width, onY = cy >= h.y && cy <= h.y + h.height;
      const onBorder = (onX && (Math.abs(cy - h.y) < 1 || Math.abs(cy - (h.y + h.height)) < 1)) ||
                       (onY && (Math.abs(cx - h.x) < 1 || Math.abs(cx - (h.x + h.width)) < 1));
      if (onBorder) return;
      b.x = Math.round(h.x + (i + 1) * h.width / (events.length + 1) - b.width / 2);
      b.y = Math.round(h.y + h.height - b.height / 2);
      fixed++;
    });
  }
  return fixed;
}

// ------------------------------------------------------------------- text surgery

function rootTag(xml) {
  const m = /<(?:([\w.-]+):)?definitions\b[^>]*>/.exec(xml);
  if (!m) throw new Error('no <definitions> root element found');
  return { text: m[0], index: m.index, prefix: m[1] };
}

function declaredPrefixes(tagText) {
  const map = new Map(); // prefix -> uri
  for (const m of tagText.matchAll(/\sxmlns:([\w.-]+)\s*=\s*(["'])(.*?)\2/g)) map.set(m[1], m[3]);
  return map;
}

/** Inserts the diagram block of `laidOut` into `original`, adding namespace declarations. */
function spliceDiagram(original, laidOut) {
  const outRoot = rootTag(laidOut);
  const outNs = declaredPrefixes(outRoot.text);
  const prefixFor = uri => [ ...outNs ].find(([ , u ]) => u === uri)?.[0];
  const diPrefix = prefixFor(NS.bpmndi);
  if (!diPrefix) throw new Error('layouter output has no BPMN DI namespace');

  const start = laidOut.indexOf(`<${diPrefix}:BPMNDiagram`);
  const endTag = `</${diPrefix}:BPMNDiagram>`;
  const end = laidOut.lastIndexOf(endTag);
  if (start < 0 || end < 0) throw new Error('layouter output has no diagram');
  const lineStart = laidOut.lastIndexOf('\n', start) + 1;
  let block = laidOut.slice(lineStart, end + endTag.length) + '\n';

  const root = rootTag(original);
  const have = declaredPrefixes(root.text);
  let addNs = '';
  for (const uri of Object.values(NS)) {
    const p = prefixFor(uri);
    if (!p) continue;
    if (have.has(p)) {
      if (have.get(p) !== uri) throw new Error(`prefix "${p}" is bound to ${have.get(p)}, not ${uri}`);
      continue;
    }
    if (!block.includes(`<${p}:`)) continue;
    addNs += ` xmlns:${p}="${uri}"`;
  }

  let result = original;
  if (addNs) {
    // after the last xmlns declaration of the root tag, else after the tag name
    const decls = [ ...root.text.matchAll(/(\s+)xmlns(?::[\w.-]+)?\s*=\s*(["']).*?\2/g) ];
    const last = decls[decls.length - 1];
    const at = last ? last.index + last[0].length : root.text.indexOf('definitions') + 'definitions'.length;
    // one declaration per line if the root tag is written that way
    const sep = last && last[1].includes('\n') ? last[1].replace(/\r/g, '') : ' ';
    const nsText = addNs.trim().split(' ').map(d => sep + d).join('');
    const newTag = root.text.slice(0, at) + nsText + root.text.slice(at);
    result = result.slice(0, root.index) + newTag + result.slice(root.index + root.text.length);
  }

  const close = `</${root.prefix ? root.prefix + ':' : ''}definitions>`;
  const closeAt = result.lastIndexOf(close);
  if (closeAt < 0) throw new Error(`no ${close} found`);
  const closeLineStart = result.lastIndexOf('\n', closeAt) + 1;
  const beforeClose = result.slice(closeLineStart, closeAt);
  const ownLine = /^\s*$/.test(beforeClose);
  const insertAt = ownLine ? closeLineStart : closeAt;
  if (!ownLine) block = '\n' + block;
  if (original.includes('\r\n')) block = block.replace(/\r?\n/g, '\r\n');
  return result.slice(0, insertAt) + block + result.slice(insertAt);
}

async function semanticXml(definitions) {
  definitions.diagrams?.splice(0);
  const xml = (await new BpmnModdle().toXML(definitions, { format: true })).xml;
  // namespace declarations of the DI are not semantic
  return xml.replace(/\sxmlns:[\w.-]+="http:\/\/www\.omg\.org\/spec\/(?:BPMN|DD)\/20100524\/(?:DI|DC)"/g, '');
}

// ------------------------------------------------------------------------------- main

async function layoutFile(file) {
  const rel = path.relative(process.cwd(), file) || file;
  const original = await readFile(file, 'utf8');

  let parsed;
  try {
    parsed = await parse(original);
  } catch (e) {
    console.error(`error: ${rel}: not readable as BPMN: ${e.message}`);
    return false;
  }
  const { definitions, warnings } = parsed;

  const hasDiagramElement = /<(?:[\w.-]+:)?BPMNDiagram[\s>/]/.test(original);
  if (hasDiagramElement || (definitions.diagrams || []).length) {
    console.log(`kept layout: ${rel}`);
    return true;
  }

  const reasons = unsupported(definitions);
  if (reasons.length) {
    console.error(`skipped: ${rel}: bpmn-auto-layout cannot lay out ${reasons.join(', ')}; draw it in Camunda Modeler`);
    return false;
  }

  // try several branch orders, keep the tidiest diagram
  let best = null;
  for (const input of await layoutInputs(original)) {
    let laidOut;
    try {
      laidOut = await layoutProcess(input);
    } catch (e) {
      continue; // the layouter gives up on some orders; others may work
    }
    const { definitions: d } = await parse(laidOut);
    const s = score(d);
    if (!best || s < best.score) best = { score: s, definitions: d };
  }
  if (!best) {
    console.error(`error: ${rel}: bpmn-auto-layout failed on this model`);
    return false;
  }

  const fixedBoundary = fixBoundaryEvents(best.definitions);
  const laidOut = (await new BpmnModdle().toXML(best.definitions, { format: true })).xml;

  let result;
  try {
    result = spliceDiagram(original, laidOut);
  } catch (e) {
    console.error(`error: ${rel}: ${e.message}`);
    return false;
  }

  // checks before writing: parses, same semantics, everything drawn
  const check = await parse(result);
  if (check.warnings.length > warnings.length) {
    console.error(`error: ${rel}: result has new parse warnings: ${check.warnings.map(w => w.message).join('; ')}`);
    return false;
  }
  const drawn = new Set(diElements(check.definitions).map(di => di.bpmnElement));
  const missing = drawable(check.definitions).filter(el => !drawn.has(el));
  if (missing.length) {
    console.error(`skipped: ${rel}: bpmn-auto-layout does not draw ${missing.map(el => `${el.id} (${el.$type})`).join(', ')}; draw it in Camunda Modeler`);
    return false;
  }
  const [ before, after ] = [ await semanticXml((await parse(original)).definitions), await semanticXml(check.definitions) ];
  if (before !== after) {
    console.error(`error: ${rel}: semantic model would change; not written`);
    return false;
  }

  const tmp = `${file}.layout-tmp`;
  await writeFile(tmp, result, 'utf8');
  await rename(tmp, file);
  console.log(`laid out: ${rel}${fixedBoundary ? ` (${fixedBoundary} boundary event(s) re-attached)` : ''}`);
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
