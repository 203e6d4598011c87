#!/usr/bin/env node
// Renders each BPMN diagram as Camunda Modeler draws it: bpmn-js (NavigatedViewer, the same
// renderer as Modeler) in headless Chromium, one PNG per diagram in target/diagrams/.
// Drill-down planes (collapsed and event sub-processes) get their own PNG: <file>--<id>.png.
//
//   npm run render:bpmn                     every bpmn/**/*.bpmn
//   npm run render:bpmn -- bpmn/a.bpmn ...  only the files named
//
// Chromium: /usr/bin/chromium, or the path in $CHROMIUM. Nothing is downloaded.

import { readFile, readdir, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bpmnJs = path.join(repoRoot, 'node_modules', 'bpmn-js', 'dist');
const outDir = path.join(repoRoot, 'target', 'diagrams');

async function files(args) {
  if (args.length) return args.map(a => path.resolve(a));
  const entries = await readdir(path.join(repoRoot, 'bpmn'), { recursive: true });
  return entries.filter(f => f.endsWith('.bpmn')).sort().map(f => path.join(repoRoot, 'bpmn', f));
}

const page = `<!doctype html><html><head><meta charset="utf-8">
<style>html,body{margin:0;background:#fff}#canvas{width:100vw;height:100vh}.bjs-breadcrumbs{display:none}</style></head>
<body><div id="canvas"></div></body></html>`;

async function main() {
  const list = await files(process.argv.slice(2));
  await mkdir(outDir, { recursive: true });
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [ '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run' ]
  });
  let failed = 0;
  try {
    const tab = await browser.newPage();
    await tab.setContent(page);
    for (const css of [ 'diagram-js.css', 'bpmn-js.css', 'bpmn-font/css/bpmn.css' ]) {
      await tab.addStyleTag({ path: path.join(bpmnJs, 'assets', css) });
    }
    await tab.addScriptTag({ path: path.join(bpmnJs, 'bpmn-navigated-viewer.production.min.js') });
    for (const file of list) {
      const xml = await readFile(file, 'utf8');
      const base = path.basename(file, '.bpmn');
      // size of each plane's content, to size the viewport so the PNG shows it at 100 %
      const planes = await tab.evaluate(async xml => {
        if (window.viewer) window.viewer.destroy();
        window.viewer = new window.BpmnJS({ container: '#canvas' });
        const { warnings } = await window.viewer.importXML(xml);
        const canvas = window.viewer.get('canvas');
        return {
          warnings: warnings.map(w => w.message),
          roots: canvas.getRootElements().map(r => r.id)
        };
      }, xml);
      if (planes.warnings.length) {
        console.error(`${base}: ${planes.warnings.join('; ')}`);
        failed++;
      }
      for (const rootId of planes.roots) {
        const box = await tab.evaluate(rootId => {
          const canvas = window.viewer.get('canvas');
          const root = canvas.getRootElements().find(r => r.id === rootId);
          canvas.setRootElement(root);
          const layer = canvas.getActiveLayer();
          const b = layer.getBBox();
          return { x: b.x, y: b.y, width: b.width, height: b.height, empty: !root.children?.length };
        }, rootId);
        if (box.empty) continue;
        const width = Math.ceil(box.width + 60), height = Math.ceil(box.height + 60);
        await tab.setViewport({ width: Math.min(width, 8000), height: Math.min(height, 8000) });
        await tab.evaluate((box) => {
          const canvas = window.viewer.get('canvas');
          canvas.resized();
          canvas.viewbox({ x: box.x - 30, y: box.y - 30, width: box.width + 60, height: box.height + 60 });
        }, box);
        const isMain = rootId === planes.roots[0];
        const name = isMain ? `${base}.png` : `${base}--${rootId.replace(/_plane$/, '')}.png`;
        await tab.screenshot({ path: path.join(outDir, name) });
        console.log(`rendered: target/diagrams/${name} (${width}x${height})`);
      }
    }
  } finally {
    await browser.close();
  }
  return failed ? 1 : 0;
}

process.exitCode = await main();
