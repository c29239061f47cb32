// Reads Vega-Lite specifications on stdin, one JSON a line; compiles each with vega-lite, runs it in a headless Vega
// view and prints, as one JSON line, what each drawn item shows: its position and colour read back through the view's
// own scales (x, y, color, theta), not the datum it came from, so a field Vega could not find shows up as null (or
// the item is missing) here just as it would be in the picture.
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { createInterface } from 'node:readline';

const warnings = [];
const logger = {
  level: () => logger,
  error: (...m) => warnings.push('error: ' + m.join(' ')),
  warn: (...m) => warnings.push('warn: ' + m.join(' ')),
  info: () => logger,
  debug: () => logger,
};
let view;

function scale(name) {
  try {
    return view.scale(name);
  } catch {
    return undefined;
  }
}

// The domain value a pixel (or colour) stands for: inverted on a continuous scale, looked up on a discrete one.
function domainValue(name, pixel) {
  const s = scale(name);
  if (!s || pixel === undefined || pixel === null || Number.isNaN(pixel)) return null;
  if (typeof s.bandwidth === 'function') {
    // band (bars, with the measure's offset inside the band) or point (ordinal lines)
    const width = Math.max(s.bandwidth(), 1e-9);
    const hit = s.domain().find(d => pixel >= s(d) - 1e-6 && pixel < s(d) + width - 1e-6) ?? s.domain().find(d => Math.abs(s(d) - pixel) < 1e-6);
    return hit ?? null;
  }
  if (typeof s.invert === 'function') {
    const v = s.invert(pixel);
    return v instanceof Date ? v.toISOString() : Number.isFinite(v) ? Math.round(v * 1e6) / 1e6 : null;
  }
  return s.domain().find(d => s(d) === pixel) ?? null;
}

function plotted(mark, item) {
  const row = { mark: mark.name ?? mark.marktype };
  if (mark.marktype === 'arc') {
    const t = scale('theta');
    row.theta = t ? Math.round(Math.abs(t.invert(item.endAngle) - t.invert(item.startAngle)) * 1e6) / 1e6 : null;
  } else {
    row.x = domainValue('x', item.x);
    if (mark.marktype === 'rect' && item.y2 !== undefined) {
      // a bar: its height in the y scale's units, whether or not Vega-Lite stacked it
      const top = domainValue('y', item.y);
      const bottom = domainValue('y', item.y2);
      row.y = top === null || bottom === null ? null : Math.round((top - bottom) * 1e6) / 1e6;
    } else {
      row.y = domainValue('y', item.y);
    }
  }
  if (scale('color')) {
    const paint = item.fill ?? item.stroke;
    row.color = scale('color').domain().find(d => scale('color')(d) === paint) ?? null;
  }
  return row;
}

async function draw(spec) {
  const compiled = vl.compile(spec, { logger }).spec;
  view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  view.error = e => warnings.push('view error: ' + (e?.message ?? e)); // a field Vega cannot read: nothing drawn
  await view.runAsync();
  const rows = [];
  (function walk(node) {
    for (const item of node.items ?? []) {
      if (node.marktype === 'group' || node.marktype === undefined) {
        walk(item);
        continue;
      }
      // only the data's marks: axes, grids and legends are groups and marks of other roles
      if (node.role === 'mark') rows.push(plotted(node, item));
    }
  })(view.scenegraph().root);
  view.finalize();
  return rows;
}

// One specification a line in, one answer a line out ({"drawn": [...], "warnings": [...]} or {"error": "..."}), so a
// test starts node and loads Vega once for all its charts.
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (!line.trim()) continue;
  warnings.length = 0;
  let answer;
  try {
    const drawn = await draw(JSON.parse(line));
    answer = { drawn, warnings: [...warnings] };
  } catch (e) {
    answer = { error: String(e?.stack ?? e), warnings: [...warnings] };
  }
  process.stdout.write(JSON.stringify(answer) + '\n');
}
