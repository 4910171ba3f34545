// debtlab serve: the page. Plain JS, no build step; charts with uPlot.
"use strict";
// Years on the x axis read as years (uPlot would print 2,026).
const YEAR_AXES = [{ values: (u, vals) => vals.map((v) => (Number.isInteger(v) ? String(v) : v.toFixed(1))) }, {}];

// The assumptions offered as sliders: name, slider min, max, step.
const KEY_PARAMS = [
  ["run.regime"],
  ["run.years", 1, 40, 1],
  ["technology.g_base", 0, 0.05, 0.001],
  ["technology.sectors.professional_services.ceiling", 0, 1, 0.05],
  ["energy.g_supply", 0, 0.15, 0.005],
  ["compute.g_cost", 0, 1, 0.05],
  ["labor.retrain_years", 0.25, 5, 0.25],
  ["prices.pass_through", 0, 1, 0.05],
  ["money.growth", -0.05, 0.15, 0.005],
  ["policy.floor", -0.02, 0.05, 0.0025],
  ["debt.wam_years", 1, 15, 0.5],
  ["fiscal.revenue_share", 0.12, 0.25, 0.002],
  ["fiscal.cut_target", 0, 2, 0.05],
];
const REGIMES = ["taylor", "quantity"];
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

const $ = id => document.getElementById(id);
const state = { presets: [], selected: ["musk-abundance", "baseline"], overrides: {}, runs: [], plots: [] };
let timer = null;

async function api(path, body) {
  const init = body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
  const response = await fetch("api/" + path, init);
  const data = await response.json().catch(() => ({ error: "HTTP " + response.status }));
  if (!response.ok) throw new Error(data.error || "HTTP " + response.status);
  return data;
}

function sets() {
  return Object.entries(state.overrides).map(([k, v]) => `${k}=${v}`);
}

// --- share link: #p=a,b&s=name=value&s=... -------------------------------
function writeHash() {
  const q = new URLSearchParams();
  q.set("p", state.selected.join(","));
  for (const s of sets()) q.append("s", s);
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
    const input = document.createElement("input");
    input.type = "checkbox";
    input.checked = state.selected.includes(p.name);
    input.addEventListener("change", () => {
      state.selected = state.presets.map(q => q.name).filter(n => n === p.name ? input.checked : state.selected.includes(n));
      schedule();
    });
    label.append(input, " " + p.name);
    const small = document.createElement("small");
    small.textContent = p.description;
    label.append(small);
    box.append(label);
  }
}

function renderParams(table) {
  const byName = Object.fromEntries(table.map(p => [p.name, p]));
  const box = $("params");
  box.innerHTML = "";
  let block = "";
  for (const [name, min, max, step] of KEY_PARAMS) {
    const p = byName[name];
    if (!p) continue;
    const head = name.split(".")[0];
    if (head !== block) {
      block = head;
      const h = document.createElement("h3");
      h.textContent = head;
      box.append(h);
    }
    const div = document.createElement("div");
    div.className = "param";
    const short = name.replace("technology.sectors.", "sectors.");
    div.innerHTML = `<div class="name"><span title="${p.name}">${short}</span><span>${p.unit}</span></div><div class="row"></div><div class="doc"></div>`;
    div.querySelector(".doc").textContent = `${p.doc} (default ${p.default}, valid ${p.range})`;
    const row = div.querySelector(".row");
    const set = value => {
      if (value === null) delete state.overrides[name]; else state.overrides[name] = value;
      div.classList.toggle("unset", value === null);
      schedule();
    };
    const current = state.overrides[name] ?? p.default;
    let inputs;
    if (name === "run.regime") {
      const sel = document.createElement("select");
      for (const r of REGIMES) sel.add(new Option(r, r));
      sel.value = current;
      sel.addEventListener("change", () => set(sel.value));
      inputs = [sel];
    } else {
      const range = Object.assign(document.createElement("input"), { type: "range", min, max, step, value: current });
      const num = Object.assign(document.createElement("input"), { type: "number", step, value: current });
      range.addEventListener("input", () => { num.value = range.value; set(range.value); });
      num.addEventListener("change", () => { range.value = num.value; set(num.value); });
      inputs = [range, num];
    }
    const reset = Object.assign(document.createElement("button"), { type: "button", title: "reset (use the scenario's value)", textContent: "\u21ba" });
    reset.addEventListener("click", () => {
      for (const i of inputs) i.value = p.default;
      set(null);
    });
    row.append(...inputs, reset);
    div.classList.toggle("unset", !(name in state.overrides));
    box.append(div);
  }
}

// --- runs and charts --------------------------------------------------------
function schedule() {
  writeHash();
  clearTimeout(timer);
  timer = setTimeout(update, 250);
}

async function update() {
  const status = $("status");
  status.className = "running";
  status.textContent = "";
  try {
    const names = state.selected.length ? state.selected : ["baseline"];
    const runs = await Promise.all(names.map(n => api("run", { scenario: n, set: sets(), columns: COLUMNS })));
    const claims = await Promise.all(names.map(n => api("claims", { scenario: n, set: sets() })));
    state.runs = runs;
    drawCharts(runs);
    drawClaims(claims);
    status.className = "";
    status.textContent = `dt = ${runs[0].dt} yr; ${runs.length} scenario(s)`;
  } catch (e) {
    status.className = "error";
    status.textContent = e.message;
  }
}

function chartWidth(el) {
  return Math.max(240, el.clientWidth - 10);
}

function drawCharts(runs) {
  const box = $("charts");
  for (const p of state.plots) p.destroy();
  state.plots = [];
  box.innerHTML = "";
  for (const [title, cols] of CHARTS) {
    const el = document.createElement("div");
    el.className = "chart";
    el.innerHTML = `<h4></h4>`;
    el.querySelector("h4").textContent = title;
    box.append(el);
    const year = runs[0].rows.map(r => r[0]);
    const series = [{ label: "year" }];
    const data = [year];
    runs.forEach((run, i) => {
      cols.forEach((c, j) => {
        const k = run.columns.indexOf(c);
        // Runs of different horizons: pad to the first run's years.
        data.push(year.map((_, t) => (run.rows[t] ? run.rows[t][k] : null)));
        series.push({ label: `${run.scenario}${cols.length > 1 ? " " + c : ""}`, stroke: COLORS[i % COLORS.length], width: 2, dash: j ? [6, 4] : undefined });
      });
    });
    const opts = { width: chartWidth(el), height: 220, scales: { x: { time: false } }, axes: YEAR_AXES, series, legend: { show: runs.length > 1 || cols.length > 1 } };
    state.plots.push(new uPlot(opts, data, el));
  }
}

function cell(row, text, cls) {
  const td = document.createElement(row.parentElement && row.parentElement.tagName === "THEAD" ? "th" : "td");
  td.textContent = text;
  if (cls) td.className = cls;
  row.append(td);
}

function fmt(x) {
  return typeof x === "number" ? (Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(4)) : String(x);
}

function table(el, header, rows) {
  el.innerHTML = "";
  const head = el.createTHead().insertRow();
  for (const h of header) { const th = document.createElement("th"); th.textContent = h; head.append(th); }
  const body = el.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    for (const [text, cls] of r) cell(tr, text, cls);
  }
}

function drawClaims(all) {
  const rows = [];
  for (const c of all) for (const v of c.verdicts) {
    rows.push([[c.scenario], [v.name], [v.test], [fmt(v.year), "num"], [fmt(v.value), "num"], [fmt(v.threshold), "num"], [v.holds ? "holds" : "fails", v.holds ? "yes" : "no"]]);
  }
  table($("claims"), ["scenario", "claim", "test", "year", "value", "threshold", "verdict"], rows);
}

// --- Monte Carlo ------------------------------------------------------------
let fanPlot = null;

async function monteCarlo() {
  const status = $("mc-status");
  const button = $("mc-run");
  status.className = "running";
  status.textContent = "";
  button.disabled = true;
  try {
    const scenario = state.selected[0] || "baseline";
    const body = { scenario, set: sets(), paths: Number($("mc-paths").value), seed: Number($("mc-seed").value), columns: ["debt_gdp"] };
    const mc = await api("mc", body);
    const c = mc.columns[0];
    const el = $("fan");
    if (fanPlot) fanPlot.destroy();
    el.innerHTML = "<h4></h4>";
    el.querySelector("h4").textContent = `${mc.scenario}: debt/GDP, ${mc.paths} paths (median, 25-75 and 5-95 bands)`;
    const series = [{ label: "year" },
      { label: "p5", stroke: "#9db4e8" }, { label: "p25", stroke: "#5b82d6" }, { label: "median", stroke: "#2457c5", width: 2 },
      { label: "p75", stroke: "#5b82d6" }, { label: "p95", stroke: "#9db4e8" }];
    const bands = [{ series: [5, 1], fill: "rgba(36,87,197,0.12)" }, { series: [4, 2], fill: "rgba(36,87,197,0.25)" }];
    const opts = { width: chartWidth(el), height: 260, scales: { x: { time: false } }, axes: YEAR_AXES, series, bands };
    fanPlot = new uPlot(opts, [mc.years, c.p5, c.p25, c.p50, c.p75, c.p95], el);
    table($("mc-claims"), ["claim", "test", "probability", "std error"],
      mc.claims.map(k => [[k.name], [k.test], [fmt(k.probability), "num"], [fmt(k.std_error), "num"]]));
    status.className = "";
    status.textContent = `${mc.paths} paths, seed ${mc.seed}, percentiles ${mc.exact ? "exact" : "from histograms"}`;
  } catch (e) {
    status.className = "error";
    status.textContent = e.message;
  } finally {
    button.disabled = false;
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
    $("status").className = "error";
    $("status").textContent = e.message;
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
  try {
    await navigator.clipboard.writeText(location.href);
    $("status").textContent = "Link copied.";
  } catch (_) {
    $("status").textContent = "Link: " + location.href;
  }
}

// --- start ------------------------------------------------------------------
async function start() {
  readHash();
  try {
    const [presets, params] = await Promise.all([api("presets"), api("params")]);
    state.presets = presets;
    state.selected = state.selected.filter(n => presets.some(p => p.name === n));
    renderPresets();
    renderParams(params);
  } catch (e) {
    $("status").className = "error";
    $("status").textContent = e.message;
    return;
  }
  $("mc-run").addEventListener("click", monteCarlo);
  $("export-toml").addEventListener("click", exportToml);
  $("export-csv").addEventListener("click", exportCsv);
  $("share").addEventListener("click", share);
  window.addEventListener("resize", () => {
    for (const p of [...state.plots, fanPlot].filter(Boolean)) p.setSize({ width: chartWidth(p.root.parentElement), height: p.height });
  });
  update();
}

start();
