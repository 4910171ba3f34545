// debtlab serve: "Where the verdict comes from", one chart per scenario
// (POST /api/attribute): the parts of the change in debt/GDP against the
// baseline, and what each mechanism of the model adds to debt/GDP, as
// horizontal bars drawn in plain SVG (no library, nothing fetched). app.js
// requests the data on each run and calls drawAttributions.
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";
// Years after the start read (those within the run's horizon).
const ATTRIBUTE_AT = [3, 10];
// What the scenarios are compared with; the baseline itself with nothing.
const AGAINST = "baseline";
const attributionState = { box: null, list: [], colors: [] };

// The request for scenario `name` after its run `run` (its horizon bounds the years).
function attributeRequest(name, set, run) {
  const horizon = (run.rows.length - 1) * run.dt;
  const at = ATTRIBUTE_AT.filter(y => y <= horizon + 1e-9);
  return { scenario: name, set, against: name === AGAINST ? null : AGAINST, at: at.length ? at : [horizon] };
}

function svg(tag, attributes, parent) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attributes || {})) el.setAttribute(k, v);
  if (parent) parent.append(el);
  return el;
}

// A round step giving about `count` ticks over `span`.
function niceStep(span, count) {
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map(m => m * power).find(s => s >= raw);
}

function points(v) {
  const text = Math.abs(v) >= 10 ? v.toFixed(1) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3);
  return (v > 0 ? "+" : "") + text;
}

// One panel: a row per entry of `rows` ({name, tip, values}), a bar per
// year (lighter for earlier years), bars to the right raise debt/GDP.
function panel(parent, title, rows, years, color, width) {
  const div = Object.assign(document.createElement("div"), { className: "attr-panel" });
  div.dataset.panel = title.kind;
  div.append(Object.assign(document.createElement("p"), { className: "attr-title", textContent: title.text }));
  parent.append(div);
  const w = Math.max(220, width || div.clientWidth || 320);
  const label = Math.min(132, Math.round(w * 0.36));
  const bar = 7;
  const rowH = years.length * (bar + 1) + 7;
  const axis = 18;
  const h = rows.length * rowH + axis + 4;
  const root = svg("svg", { width: w, height: h, viewBox: `0 0 ${w} ${h}`, role: "img", "aria-label": title.text }, div);
  const all = rows.flatMap(r => r.values).filter(Number.isFinite);
  let lo = Math.min(0, ...all);
  let hi = Math.max(0, ...all);
  if (hi - lo < 1e-9) { lo -= 1; hi += 1; }
  const pad = (hi - lo) * 0.05;
  lo -= lo < 0 ? pad : 0;
  hi += hi > 0 ? pad : 0;
  const x0 = label + 6;
  const x1 = w - 12;
  const step = niceStep(hi - lo, Math.max(2, Math.floor((x1 - x0) / 40)));
  const sx = v => x0 + ((v - lo) / (hi - lo)) * (x1 - x0);
  const bottom = rows.length * rowH + 2;
  for (let n = Math.ceil(lo / step); n * step <= hi; n++) {
    const v = n * step;
    svg("line", { x1: sx(v), x2: sx(v), y1: 0, y2: bottom, class: v === 0 ? "zero" : "grid" }, root);
    const text = svg("text", { x: sx(v), y: bottom + 13, "text-anchor": "middle", class: "tick" }, root);
    text.textContent = String(+v.toPrecision(6));
  }
  rows.forEach((r, i) => {
    const g = svg("g", { "data-name": r.name }, root);
    const y = i * rowH + 4;
    const name = svg("text", { x: label, y: y + (years.length * (bar + 1)) / 2 + 3.5, "text-anchor": "end", class: "name" }, g);
    name.textContent = r.name;
    svg("title", {}, g).textContent = `${r.name}: ${r.tip}\n` + years.map((yr, k) => `year ${yr}: ${points(r.values[k])} points of GDP`).join("\n");
    r.values.forEach((v, k) => {
      if (!Number.isFinite(v)) return;
      const a = sx(Math.min(0, v));
      svg("rect", {
        x: a, y: y + k * (bar + 1), width: Math.max(0.5, sx(Math.max(0, v)) - a), height: bar,
        fill: color, "fill-opacity": k === years.length - 1 ? 1 : 0.4, "data-year": years[k], "data-value": v,
      }, g);
    });
  });
  return div;
}

// The two panels' rows, in points of GDP: the parts (without `rounding`,
// and without `start` when nothing is subtracted) and the mechanisms' effect
// turned round (with it on minus switched off: positive raises debt/GDP).
function attributionRows(a) {
  const parts = a.parts
    .filter(p => p.name !== "rounding" && !(p.name === "start" && a.against === null))
    .map(p => ({ name: p.name, tip: p.meaning, values: p.values.map(v => v * 100) }));
  const mechanisms = a.effects.map(e => ({ name: e.name, tip: `${e.what} (off: ${e.off})`, values: e.values.map(v => -v * 100) }));
  return [parts, mechanisms];
}

function summary(a) {
  const pct = v => (v * 100).toFixed(1) + "%";
  const at = a.years.map((y, k) => {
    const other = a.against_debt_gdp ? ` vs ${pct(a.against_debt_gdp[k])}` : "";
    return `${pct(a.debt_gdp[k])}${other} at year ${y}`;
  });
  if (a.against === null) {
    const start = a.parts.find(p => p.name === "start");
    return `debt/GDP ${at.join(", ")} (${pct(start.values[0])} at the start)`;
  }
  return `debt/GDP ${at.join(", ")}`;
}

function drawOne(box, a, color) {
  const el = document.createElement("div");
  el.className = "chart attribution";
  el.dataset.attribution = a.scenario;
  const head = a.error ? a.scenario : a.against === null ? `${a.scenario}: change since the start` : `${a.scenario} vs ${a.against}`;
  el.append(Object.assign(document.createElement("h4"), { textContent: head }));
  box.append(el);
  if (a.error) {
    el.append(Object.assign(document.createElement("p"), { className: "attr-error", textContent: a.error }));
    return;
  }
  const legend = Object.assign(document.createElement("p"), { className: "attr-legend" });
  legend.append(summary(a) + ". ");
  a.years.forEach((y, k) => {
    const swatch = Object.assign(document.createElement("span"), { className: "swatch" });
    swatch.style.background = color;
    swatch.style.opacity = k === a.years.length - 1 ? 1 : 0.4;
    legend.append(swatch, ` year ${y}`);
  });
  legend.append("; points of GDP, bars to the right raise debt/GDP");
  el.append(legend);
  const panels = Object.assign(document.createElement("div"), { className: "attr-panels" });
  el.append(panels);
  const [parts, mechanisms] = attributionRows(a);
  const partsTitle = a.against === null ? "Parts of the change in debt/GDP since the start" : `Parts of the difference from ${a.against} in debt/GDP`;
  // Side by side when there is room for two panels of 300 px, else one above the other.
  const room = panels.clientWidth;
  const two = room >= 2 * 300 + 12;
  panels.style.gridTemplateColumns = two ? "1fr 1fr" : "1fr";
  const width = Math.floor(two ? (room - 12) / 2 : room);
  panel(panels, { kind: "parts", text: partsTitle }, parts, a.years, color, width);
  panel(panels, { kind: "mechanisms", text: "What each mechanism adds (on \u2212 switched off)" }, mechanisms, a.years, color, width);
}

// Draws one chart per attribution (an entry with `error` shows the message).
function drawAttributions(box, list, colors) {
  Object.assign(attributionState, { box, list, colors });
  box.innerHTML = "";
  list.forEach((a, i) => drawOne(box, a, colors[i % colors.length]));
}

function resizeAttributions() {
  const { box, list, colors } = attributionState;
  if (box) drawAttributions(box, list, colors);
}
