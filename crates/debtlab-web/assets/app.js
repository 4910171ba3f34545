// debtlab serve: the page. Plain JS, no build step; charts with uPlot, the
// attribution bars in plain SVG (attribution.js, loaded first).
"use strict";
// Years on the x axis read as years (uPlot would print 2,026).
const YEAR_AXES = [{ values: (u, vals) => vals.map((v) => (Number.isInteger(v) ? String(v) : v.toFixed(1))) }, {}];

// A name `technology.sectors.*.FIELD` moves that field of every AI sector
// (every sector but `rest`) at once.
const GROUP = "technology.sectors.*.";
// The assumptions offered as sliders: name, label, slider min, max, step; a
// name in CHOICES (no min, max or step) is a choice of words instead. The
// v2 levers that decide the verdicts are all here: the natural-rate link,
// expectations (anchoring, how fast AI growth is learned), who captures AI
// income, and the tax on capital income.
const KEY_PARAMS = [
  ["policy.rule", "monetary policy rule"],
  ["prices.expectations", "expectations (rational: the path is foreseen)"],
  ["policy.r_star_growth", "natural-rate link to expected growth", 0, 2, 0.05],
  ["policy.floor", "policy rate floor", -0.02, 0.05, 0.0025],
  ["run.years", "horizon", 1, 40, 1],
  ["technology.g_base", "trend productivity growth", 0, 0.05, 0.001],
  [GROUP + "speed", "AI adoption speed (every AI sector)", 0.1, 4, 0.1],
  [GROUP + "ceiling", "AI adoption ceiling (every AI sector)", 0, 1, 0.05],
  ["energy.g_supply", "energy supply growth", 0, 0.15, 0.005],
  ["compute.g_cost", "compute price fall", 0, 1, 0.05],
  ["labor.retrain_years", "retraining time", 0.25, 5, 0.25],
  ["income.ai_capital_capture", "capital capture of AI income", 0, 1, 0.05],
  ["prices.pass_through", "cost pass-through to prices", 0, 1, 0.05],
  ["prices.anchoring", "expectations anchoring", 0, 1, 0.05],
  ["prices.productivity_learning_years", "how fast AI growth is learned", 0, 5, 0.25],
  ["money.growth", "money growth", -0.05, 0.15, 0.005],
  ["debt.coupon_wam_years", "notes and bonds maturity", 1, 15, 0.5],
  ["fiscal.tax_labor", "tax on labor income", 0.1, 0.4, 0.005],
  ["fiscal.tax_capital", "tax on capital income", 0, 0.4, 0.005],
  ["fiscal.cut_target", "targeted spending cuts", 0, 2, 0.05],
];
const CHOICES = { "policy.rule": ["taylor", "money"], "prices.expectations": ["adaptive", "rational"] };
// Charts: title and the columns drawn (several: solid, dashed, ...).
const CHARTS = [
  ["Debt / GDP", ["debt_gdp"]],
  ["Real debt ($T, start-year $)", ["real_debt"]],
  ["Price level (start = 1)", ["price_level"]],
  ["Rates: effective (solid), policy (dashed)", ["rate_effective", "policy_rate"]],
  ["Unemployment", ["unemployment"]],
  ["AI energy need met (share)", ["energy_met_share"]],
];
const COLUMNS = ["year", ...new Set(CHARTS.flatMap(c => c[1]))];
const COLORS = ["#2457c5", "#d1495b", "#00798c", "#edae49", "#6a4c93", "#3d5a80"];
// Requests the page sends at once (the server refuses more than its limit).
const PARALLEL = 2;

const $ = id => document.getElementById(id);
const state = {
  presets: [], table: {}, aiSectors: [],
  selected: ["musk-abundance", "baseline"], // the first one leads: sliders start from its values
  lead: { name: null, values: {} }, overrides: {}, runs: [], attributions: [], plots: [], chartKey: "",
};

async function api(path, body) {
  const init = body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
  for (let attempt = 0; ; attempt++) {
    const response = await fetch("api/" + path, init);
    const data = await response.json().catch(() => ({ error: "HTTP " + response.status }));
    if (response.ok) return data;
    // Busy (other clients): try again shortly, a few times.
    if (response.status !== 503 || attempt >= 4 || !/busy/.test(data.error || "")) throw new Error(data.error || "HTTP " + response.status);
    await new Promise(r => setTimeout(r, 40 * (attempt + 1)));
  }
}

// Runs `job` on each item, at most PARALLEL at once; results in order.
async function pool(items, job) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => { while (next < items.length) { const i = next++; out[i] = await job(items[i], i); } };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker));
  return out;
}

// The overrides as `set` entries; a group name becomes one entry per AI sector.
function sets() {
  const out = [];
  for (const [k, v] of Object.entries(state.overrides)) {
    if (k.startsWith(GROUP)) for (const s of state.aiSectors) out.push(`technology.sectors.${s}.${k.slice(GROUP.length)}=${v}`);
    else out.push(`${k}=${v}`);
  }
  return out;
}

// --- share link: #p=a,b&s=name=value&s=... -------------------------------
function writeHash() {
  const q = new URLSearchParams();
  q.set("p", state.selected.join(","));
  for (const [k, v] of Object.entries(state.overrides)) q.append("s", `${k}=${v}`);
  history.replaceState(null, "", "#" + q.toString());
}

function readHash() {
  const q = new URLSearchParams(location.hash.slice(1));
  if (q.has("p")) state.selected = q.get("p").split(",").filter(Boolean);
  for (const s of q.getAll("s")) {
    const i = s.indexOf("=");
    if (i > 0) state.overrides[s.slice(0, i)] = s.slice(i + 1);
  }
}

// --- controls ---------------------------------------------------------------
function renderPresets() {
  const box = $("presets");
  box.innerHTML = "";
  for (const p of state.presets) {
    const label = document.createElement("label");
    label.dataset.preset = p.name;
    const input = document.createElement("input");
    input.type = "checkbox";
    input.checked = state.selected.includes(p.name);
    input.addEventListener("change", async () => {
      // A newly ticked scenario leads: the sliders show its values.
      state.selected = input.checked ? [p.name, ...state.selected.filter(n => n !== p.name)] : state.selected.filter(n => n !== p.name);
      markLead();
      await loadLead();
      schedule();
    });
    const name = document.createElement("span");
    name.textContent = " " + p.name;
    const badge = Object.assign(document.createElement("span"), { className: "badge", textContent: "sliders", title: "the sliders start from this scenario's values" });
    const small = document.createElement("small");
    small.textContent = p.description;
    label.append(input, name, badge, small);
    box.append(label);
  }
  markLead();
}

function markLead() {
  for (const label of $("presets").children) label.classList.toggle("lead", label.dataset.preset === state.selected[0]);
}

// The lead scenario's own values (no overrides), for the sliders' start.
async function loadLead() {
  const name = state.selected[0] || "baseline";
  if (state.lead.name === name) return;
  try {
    const shown = await api("show", { scenario: name });
    state.lead = { name, values: shown.values };
    renderParams();
  } catch (e) {
    showError(e);
  }
}

// The lead scenario's value of `name` as a number or word, and a note for a schedule.
function leadValue(name) {
  const key = name.startsWith(GROUP) ? `technology.sectors.${state.aiSectors[0]}.${name.slice(GROUP.length)}` : name;
  const v = state.lead.values[key];
  if (Array.isArray(v)) return [v[0][1], "schedule " + v.map(([y, x]) => `${y}: ${x}`).join(", ")];
  return [v ?? (state.table[key] || {}).default, ""];
}

function renderParams() {
  const box = $("params");
  box.innerHTML = "";
  let block = "";
  for (const [name, label, min, max, step] of KEY_PARAMS) {
    const p = state.table[name.startsWith(GROUP) ? `technology.sectors.${state.aiSectors[0]}.${name.slice(GROUP.length)}` : name];
    if (!p) continue;
    const head = name.split(".")[0];
    if (head !== block) {
      block = head;
      box.append(Object.assign(document.createElement("h3"), { textContent: head }));
    }
    const div = document.createElement("div");
    div.className = "param";
    div.dataset.param = name;
    div.innerHTML = `<div class="name"><span></span><span></span></div><div class="row"></div><div class="doc"></div>`;
    div.querySelector(".name span").textContent = label;
    div.querySelector(".name span").title = name;
    div.querySelector(".name span:last-child").textContent = p.unit;
    const [own, note] = leadValue(name);
    div.querySelector(".doc").textContent = `${name}: ${p.doc}. ${state.lead.name || "scenario"}: ${note || own}; valid ${p.range}`;
    const row = div.querySelector(".row");
    const set = value => {
      if (value === null) delete state.overrides[name]; else state.overrides[name] = value;
      div.classList.toggle("unset", value === null);
      schedule();
    };
    const current = state.overrides[name] ?? own;
    let inputs;
    if (name in CHOICES) {
      const sel = document.createElement("select");
      sel.setAttribute("aria-label", label);
      for (const r of CHOICES[name]) sel.add(new Option(r, r));
      sel.value = current;
      sel.addEventListener("change", () => set(sel.value));
      inputs = [sel];
    } else {
      const range = Object.assign(document.createElement("input"), { type: "range", min, max, step, value: current });
      const num = Object.assign(document.createElement("input"), { type: "number", step, value: current });
      range.setAttribute("aria-label", label);
      num.setAttribute("aria-label", label + " value");
      range.addEventListener("input", () => { num.value = range.value; set(range.value); });
      num.addEventListener("change", () => { if (num.value !== "") { range.value = num.value; set(num.value); } });
      inputs = [range, num];
    }
    const reset = Object.assign(document.createElement("button"), { type: "button", title: "reset (use the scenario's value)", textContent: "\u21ba" });
    reset.addEventListener("click", () => {
      for (const i of inputs) i.value = own;
      set(null);
    });
    row.append(...inputs, reset);
    div.classList.toggle("unset", !(name in state.overrides));
    box.append(div);
  }
}

// --- runs and charts --------------------------------------------------------
// An edit runs at once; edits made while a run is under way are folded into
// one more run after it (no fixed delay, no pile-up while a slider moves).
let running = false;
let dirty = false;
let editAt = null;
let updates = 0; // runs finished, for the browser tests

function schedule() {
  writeHash();
  dirty = true;
  if (editAt === null) editAt = performance.now();
  if (!running) pump();
}

async function pump() {
  running = true;
  while (dirty) {
    dirty = false;
    const since = editAt;
    editAt = null;
    await update(since);
  }
  running = false;
}

function showError(e) {
  $("status").className = "error";
  $("status").textContent = e.message;
}

async function update(since) {
  const status = $("status");
  status.className = "running";
  try {
    const names = state.selected.length ? state.selected : ["baseline"];
    const set = sets();
    // Each scenario's run, then its attribution (attribution.js) within the run's horizon.
    const done = await pool(names, async n => {
      const run = await api("run", { scenario: n, set, columns: COLUMNS, verdicts: true });
      const why = await api("attribute", attributeRequest(n, set, run)).catch(e => ({ scenario: n, error: e.message }));
      return [run, why];
    });
    const runs = done.map(d => d[0]);
    state.runs = runs;
    state.attributions = done.map(d => d[1]);
    drawCharts(runs);
    drawClaims(runs);
    drawAttributions($("attribution"), state.attributions, COLORS);
    const ms = since === null ? null : performance.now() - since;
    updates++;
    status.className = "";
    status.textContent = `dt = ${runs[0].dt} yr; ${runs.length} scenario(s)` + (ms === null ? "" : `; updated in ${Math.round(ms)} ms`);
    document.dispatchEvent(new CustomEvent("debtlab:updated", { detail: { ms } }));
  } catch (e) {
    showError(e);
    updates++;
    document.dispatchEvent(new CustomEvent("debtlab:updated", { detail: { error: e.message } }));
  }
}

function chartWidth(el) {
  return Math.max(240, el.clientWidth - 10);
}

function drawCharts(runs) {
  const box = $("charts");
  const year = runs[0].rows.map(r => r[0]);
  // Same scenarios as last time: new data into the same charts (fast).
  const key = runs.map(r => r.scenario).join(",");
  const reuse = key === state.chartKey && state.plots.length === CHARTS.length;
  if (!reuse) {
    for (const p of state.plots) p.destroy();
    state.plots = [];
    box.innerHTML = "";
    state.chartKey = key;
  }
  CHARTS.forEach(([title, cols], n) => {
    const data = [year];
    const series = [{ label: "year" }];
    runs.forEach((run, i) => {
      cols.forEach((c, j) => {
        const k = run.columns.indexOf(c);
        // Runs of different horizons: pad to the first run's years.
        data.push(year.map((_, t) => (run.rows[t] ? run.rows[t][k] : null)));
        series.push({ label: `${run.scenario}${cols.length > 1 ? " " + c : ""}`, stroke: COLORS[i % COLORS.length], width: 2, dash: j ? [6, 4] : undefined });
      });
    });
    if (reuse) {
      state.plots[n].setData(data);
      return;
    }
    const el = document.createElement("div");
    el.className = "chart";
    el.dataset.chart = cols[0];
    el.append(Object.assign(document.createElement("h4"), { textContent: title }));
    box.append(el);
    const opts = { width: chartWidth(el), height: 220, scales: { x: { time: false } }, axes: YEAR_AXES, series, legend: { show: runs.length > 1 || cols.length > 1 } };
    state.plots.push(new uPlot(opts, data, el));
  });
}

function fmt(x) {
  return typeof x === "number" ? (Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(4)) : String(x);
}

function table(el, header, rows) {
  el.innerHTML = "";
  const head = el.createTHead().insertRow();
  for (const h of header) head.append(Object.assign(document.createElement("th"), { textContent: h }));
  const body = el.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    for (const [text, cls] of r) {
      const td = tr.insertCell();
      td.textContent = text;
      if (cls) td.className = cls;
    }
  }
}

function drawClaims(runs) {
  const rows = [];
  for (const r of runs) for (const v of r.verdicts) {
    rows.push([[r.scenario], [v.name], [v.test], [fmt(v.year), "num"], [fmt(v.value), "num"], [fmt(v.threshold), "num"], [v.holds ? "holds" : "fails", v.holds ? "yes" : "no"]]);
  }
  table($("claims"), ["scenario", "claim", "test", "year", "value", "threshold", "verdict"], rows);
}

// --- Monte Carlo: every ticked scenario, one after another -----------------
let fanPlots = [];

function drawFan(box, mc, color) {
  const c = mc.columns[0];
  const el = document.createElement("div");
  el.className = "chart";
  el.dataset.fan = mc.scenario;
  el.append(Object.assign(document.createElement("h4"), { textContent: `${mc.scenario}: debt/GDP, ${mc.paths} paths (median, 25-75 and 5-95)` }));
  box.append(el);
  const light = color + "66";
  const series = [{ label: "year" },
    { label: "p5", stroke: light }, { label: "p25", stroke: color }, { label: "median", stroke: color, width: 2 },
    { label: "p75", stroke: color }, { label: "p95", stroke: light }];
  const bands = [{ series: [5, 1], fill: color + "1f" }, { series: [4, 2], fill: color + "40" }];
  const opts = { width: chartWidth(el), height: 240, scales: { x: { time: false } }, axes: YEAR_AXES, series, bands, legend: { show: false } };
  fanPlots.push(new uPlot(opts, [mc.years, c.p5, c.p25, c.p50, c.p75, c.p95], el));
}

async function monteCarlo() {
  const status = $("mc-status");
  const button = $("mc-run");
  const progress = $("mc-progress");
  const names = state.selected.length ? state.selected : ["baseline"];
  status.className = "running";
  button.disabled = true;
  progress.max = names.length;
  progress.value = 0;
  progress.hidden = false;
  for (const p of fanPlots) p.destroy();
  fanPlots = [];
  $("fan").innerHTML = "";
  $("mc-claims").innerHTML = "";
  const rows = [];
  const set = sets();
  const paths = Number($("mc-paths").value);
  const seed = Number($("mc-seed").value);
  try {
    for (const [i, scenario] of names.entries()) {
      status.textContent = `${scenario} (${i + 1} of ${names.length})`;
      const mc = await api("mc", { scenario, set, paths, seed, columns: ["debt_gdp"] });
      drawFan($("fan"), mc, COLORS[i % COLORS.length]);
      for (const k of mc.claims) rows.push([[mc.scenario], [k.name], [k.test], [fmt(k.probability), "num"], [fmt(k.std_error), "num"]]);
      table($("mc-claims"), ["scenario", "claim", "test", "probability", "std error"], rows);
      progress.value = i + 1;
    }
    status.className = "";
    status.textContent = `${names.length} scenario(s), ${paths} paths each, seed ${seed}`;
  } catch (e) {
    status.className = "error";
    status.textContent = e.message;
  } finally {
    button.disabled = false;
    progress.hidden = true;
  }
}

// --- exports ----------------------------------------------------------------
function download(name, type, text) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

async function exportToml() {
  try {
    const scenario = state.selected[0] || "baseline";
    const shown = await api("show", { scenario, set: sets() });
    download(`${scenario}.toml`, "application/toml", shown.toml);
  } catch (e) {
    showError(e);
  }
}

function exportCsv() {
  if (!state.runs.length) return;
  const lines = ["scenario," + state.runs[0].columns.join(",")];
  for (const run of state.runs) for (const row of run.rows) lines.push(run.scenario + "," + row.join(","));
  download("debtlab-results.csv", "text/csv", lines.join("\n") + "\n");
}

async function share() {
  writeHash();
  const link = $("share-link");
  link.href = location.href;
  link.textContent = "share link";
  try {
    await navigator.clipboard.writeText(location.href);
    $("status").textContent = "Link copied.";
  } catch (_) {
    $("status").textContent = "Link below the buttons.";
  }
}

// --- start ------------------------------------------------------------------
async function start() {
  readHash();
  try {
    const [presets, params] = await Promise.all([api("presets"), api("params")]);
    state.presets = presets;
    state.table = Object.fromEntries(params.map(p => [p.name, p]));
    state.aiSectors = [...new Set(params.map(p => p.name.match(/^technology\.sectors\.([^.]+)\./)).filter(Boolean).map(m => m[1]))].filter(s => s !== "rest");
    state.selected = state.selected.filter(n => presets.some(p => p.name === n));
    renderPresets();
    await loadLead();
  } catch (e) {
    showError(e);
    return;
  }
  $("mc-run").addEventListener("click", monteCarlo);
  $("export-toml").addEventListener("click", exportToml);
  $("export-csv").addEventListener("click", exportCsv);
  $("share").addEventListener("click", share);
  window.addEventListener("resize", () => {
    for (const p of [...state.plots, ...fanPlots]) p.setSize({ width: chartWidth(p.root.parentElement), height: p.height });
    resizeAttributions();
  });
  schedule();
}

start();
