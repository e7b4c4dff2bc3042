// Fovea's training dashboard: follows runs through Server-Sent Events and draws them with uPlot.
// No build step, no framework: state per run, one redraw per animation frame at most.
"use strict";

const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"];
const SMOOTHING = 0.95;            // exponential moving average of the loss, debiased as TensorBoard's
const runs = new Map();            // name -> run state
let primary = null;                // the run whose details (layers, pictures, confusion) are shown
const charts = {};
let redrawPending = false;
let updates = 0;

function el(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === "class") e.className = v; else if (k === "text") e.textContent = v; else e.setAttribute(k, v);
  }
  for (const c of children) if (c != null) e.append(c);
  return e;
}

const fmt = (v, d = 3) => v == null || Number.isNaN(v) ? "–" : Number(v).toPrecision(d);
const pct = v => v == null ? "–" : (100 * v).toFixed(1) + " %";
const fileUrl = (run, f) => "/api/runs/" + encodeURIComponent(run) + "/files/" + encodeURIComponent(f);

function newRun(name, live, color) {
  return { name, live, color, selected: false, meta: null, steps: [], loss: [], smooth: [], ema: 0, emaN: 0,
           epochs: [], layers: [], lastLayers: null, status: null, finished: null, source: null };
}

async function loadRuns() {
  const response = await fetch("/api/runs");
  const list = await response.json();
  for (const r of list) {
    if (!runs.has(r.name)) runs.set(r.name, newRun(r.name, r.live, PALETTE[runs.size % PALETTE.length]));
    else runs.get(r.name).live = r.live;
  }
  if (!primary && list.length) {
    const live = list.filter(r => r.live);
    (live.length ? live : [list[0]]).forEach(r => select(r.name, true));
    primary = (live.length ? live[0] : list[0]).name;
  }
  renderRunList();
  scheduleRedraw();
}

function select(name, on) {
  const run = runs.get(name);
  run.selected = on;
  if (on && !run.source && !run.finished) connect(run);
  if (!on && primary === name) primary = [...runs.values()].find(r => r.selected)?.name || null;
}

function connect(run) {
  const source = new EventSource("/api/runs/" + encodeURIComponent(run.name) + "/events");
  run.source = source;
  source.onmessage = m => {
    handle(run, JSON.parse(m.data));
    updates++;
    document.body.dataset.updates = String(updates);
    scheduleRedraw();
  };
  source.addEventListener("end", () => { source.close(); run.source = null; run.finished = run.finished || {}; scheduleRedraw(); });
  source.onerror = () => { if (run.finished) { source.close(); run.source = null; } };
}

function handle(run, e) {
  switch (e.type) {
    case "meta": run.meta = e; break;
    case "epoch_started": run.status = { epoch: e.epoch, epochs: e.epochs, steps: e.steps, step: 0, lr: e.lr }; break;
    case "step": {
      run.steps.push(e.global_step);
      run.loss.push(e.loss);
      run.emaN++;
      run.ema = SMOOTHING * run.ema + (1 - SMOOTHING) * e.loss;
      run.smooth.push(run.ema / (1 - Math.pow(SMOOTHING, run.emaN)));
      if (run.status) Object.assign(run.status, { step: e.step, steps: e.steps, imagesPerSecond: e.images_per_s, epoch: e.epoch });
      break;
    }
    case "layers": run.layers.push(e); run.lastLayers = e; break;
    case "epoch": run.epochs.push(e); break;
    case "finished": run.finished = e; run.live = false; break;
  }
}

function renderRunList() {
  const box = document.getElementById("runs");
  box.replaceChildren();
  for (const run of runs.values()) {
    const check = el("input", { type: "checkbox", "data-run": run.name });
    check.checked = run.selected;
    check.addEventListener("change", () => { select(run.name, check.checked); if (check.checked && !primary) primary = run.name; renderRunList(); scheduleRedraw(); });
    const swatch = el("span", { class: "swatch" });
    swatch.style.background = run.color;
    const name = el("span", { text: run.name });
    name.addEventListener("click", ev => { ev.preventDefault(); if (!run.selected) select(run.name, true); primary = run.name; renderRunList(); scheduleRedraw(); });
    const label = el("label", { class: run.name === primary ? "primary" : "" }, check, swatch, name, run.live ? el("span", { class: "live", text: "● live" }) : null);
    box.append(label);
  }
}

function scheduleRedraw() {
  if (redrawPending) return;
  redrawPending = true;
  requestAnimationFrame(() => { redrawPending = false; redraw(); });
}

function selected() { return [...runs.values()].filter(r => r.selected); }

// A uPlot chart that is rebuilt when its series change and updated in place otherwise.
function chart(id, key, opts, data) {
  const box = document.getElementById(id);
  const width = Math.max(box.clientWidth, 300);
  const c = charts[id];
  if (c && c.key === key && c.width === width) { c.plot.setData(data); return; }
  if (c) c.plot.destroy();
  box.replaceChildren();
  const plot = new uPlot(Object.assign({ width, height: 210, legend: { live: false } }, opts), data, box);
  charts[id] = { key, width, plot };
}

function empty(id, text) {
  if (charts[id]) { charts[id].plot.destroy(); delete charts[id]; }
  document.getElementById(id).replaceChildren(el("div", { class: "empty", text }));
}

function redraw() {
  const sel = selected();
  const p = primary ? runs.get(primary) : null;
  drawStatus(p);
  drawLoss(sel);
  drawAccuracy(sel, p);
  drawLr(sel);
  drawRatios(p);
  drawLayerSeries(p);
  drawPictures(p);
  drawConfusion(p);
  drawTables(p);
  drawRun(p);
}

function drawStatus(p) {
  const s = document.getElementById("status");
  if (!p) { s.textContent = runs.size ? "select a run" : "no runs yet"; return; }
  const parts = [p.name];
  if (p.status) parts.push("epoch " + p.status.epoch + "/" + p.status.epochs, "step " + p.status.step + "/" + p.status.steps);
  if (p.status && p.status.imagesPerSecond) parts.push(Math.round(p.status.imagesPerSecond) + " images/s");
  parts.push(p.finished ? "finished" + (p.finished.reason ? " (" + p.finished.reason + ")" : "") : p.live ? "live" : "loading");
  s.textContent = parts.join(" · ");
}

function drawLoss(sel) {
  const withSteps = sel.filter(r => r.steps.length);
  if (!withSteps.length) { empty("loss-chart", "no per-step losses (runs trained without --ui have epoch curves only)"); return; }
  const data = withSteps.length === 1 ? [withSteps[0].steps, withSteps[0].loss, withSteps[0].smooth]
      : uPlot.join(withSteps.map(r => [r.steps, r.loss, r.smooth]));
  const series = [{ label: "step" }];
  for (const r of withSteps) {
    series.push({ label: r.name + " raw", stroke: r.color + "55", width: 1, spanGaps: true });
    series.push({ label: r.name + " smoothed", stroke: r.color, width: 2, spanGaps: true });
  }
  chart("loss-chart", withSteps.map(r => r.name).join("|"), { series, scales: { x: { time: false } } }, data);
}

function epochTable(sel, fields) {
  const rs = sel.filter(r => r.epochs.length);
  const tables = rs.map(r => [r.epochs.map(e => e.epoch), ...fields.map(f => r.epochs.map(e => e[f] ?? null))]);
  return { rs, data: rs.length === 1 ? tables[0] : rs.length ? uPlot.join(tables) : null };
}

function drawAccuracy(sel, p) {
  const { rs, data } = epochTable(sel, ["train_acc", "val_acc"]);
  if (!rs.length) { empty("acc-chart", "waiting for the first epoch"); document.getElementById("gap").textContent = ""; return; }
  const series = [{ label: "epoch" }];
  const bands = [];
  rs.forEach((r, i) => {
    series.push({ label: r.name + " train", stroke: r.color, width: 2, dash: [6, 3], points: { show: true } });
    series.push({ label: r.name + " validation", stroke: r.color, width: 2, points: { show: true } });
    bands.push({ series: [1 + 2 * i, 2 + 2 * i], fill: r.color + "30" });
  });
  chart("acc-chart", rs.map(r => r.name).join("|"), { series, bands, scales: { x: { time: false } } }, data);
  const last = p && p.epochs.length ? p.epochs[p.epochs.length - 1] : null;
  document.getElementById("gap").textContent = last && last.gap != null
      ? "epoch " + last.epoch + ": train " + pct(last.train_acc) + ", validation " + pct(last.val_acc) + ", gap " + (100 * last.gap).toFixed(1) + " points" : "";
}

function drawLr(sel) {
  const { rs, data } = epochTable(sel, ["lr"]);
  if (!rs.length) { empty("lr-chart", "waiting for the first epoch"); return; }
  const series = [{ label: "epoch" }, ...rs.map(r => ({ label: r.name, stroke: r.color, width: 2, points: { show: true } }))];
  chart("lr-chart", rs.map(r => r.name).join("|"), { series, scales: { x: { time: false } } }, data);
}

const log10 = v => v == null || v <= 0 ? null : Math.log10(v);

function drawRatios(p) {
  if (!p) { empty("ratio-chart", "no run selected"); return; }
  let xs, names, value;
  if (p.layers.length) {
    xs = p.layers.map(l => l.global_step);
    names = p.layers[0].params.map(q => q.name);
    value = (i, n) => log10(p.layers[i].params.find(q => q.name === n)?.ratio);
  } else if (p.epochs.some(e => e.ratios && Object.keys(e.ratios).length)) {
    const es = p.epochs.filter(e => e.ratios);
    xs = es.map(e => e.epoch);
    names = Object.keys(es[0].ratios);
    value = (i, n) => log10(es[i].ratios[n]);
  } else { empty("ratio-chart", "no update ratios recorded for this run"); return; }
  const data = [xs, xs.map(() => -2), xs.map(() => -4), xs.map(() => -3)];
  const series = [{ label: p.layers.length ? "step" : "epoch" },
    { label: "1e-2", stroke: "transparent" }, { label: "1e-4", stroke: "transparent" }, { label: "1e-3", stroke: "#888", dash: [4, 4] }];
  names.forEach((n, j) => { data.push(xs.map((_, i) => value(i, n))); series.push({ label: n, stroke: PALETTE[j % PALETTE.length], width: 1.5 }); });
  chart("ratio-chart", p.name + "|" + names.join(","), { series, bands: [{ series: [1, 2], fill: "#2ca02c18" }], scales: { x: { time: false } } }, data);
}

function drawLayerSeries(p) {
  if (!p || !p.layers.length) { empty("act-chart", "no layer statistics (collected with --ui)"); empty("grad-chart", "no layer statistics (collected with --ui)"); return; }
  const xs = p.layers.map(l => l.global_step);
  const acts = p.layers[0].activations.map(a => a.name);
  const actData = [xs, ...acts.map(n => p.layers.map(l => l.activations.find(a => a.name === n)?.std ?? null))];
  chart("act-chart", p.name + "|" + acts.join(","), { series: [{ label: "step" }, ...acts.map((n, j) => ({ label: n, stroke: PALETTE[j % PALETTE.length], width: 1.5 }))], scales: { x: { time: false } } }, actData);
  const params = p.layers[0].params.filter(q => q.grad).map(q => q.name);
  const gradData = [xs, ...params.map(n => p.layers.map(l => log10(l.params.find(q => q.name === n)?.grad?.std)))];
  chart("grad-chart", p.name + "|" + params.join(","), { series: [{ label: "step" }, ...params.map((n, j) => ({ label: n, stroke: PALETTE[j % PALETTE.length], width: 1.5 }))], scales: { x: { time: false } } }, gradData);
}

let shownPictures = "";
function drawPictures(p) {
  const last = p ? [...p.epochs].reverse().find(e => e.predictions) : null;
  const key = p ? p.name + "|" + (last ? last.epoch : "-") + "|" + (p.meta ? "m" : "") : "";
  if (key === shownPictures) return;
  shownPictures = key;
  const filters = document.getElementById("filters");
  const panel = document.getElementById("panel");
  const withFilters = p ? [...p.epochs].reverse().find(e => e.filters) : null;
  document.getElementById("filters-epoch").textContent = withFilters ? "after epoch " + withFilters.epoch : "";
  filters.replaceChildren(withFilters ? el("img", { src: fileUrl(p.name, withFilters.filters), alt: "first-layer filters" })
      : el("div", { class: "empty", text: "drawn after each epoch" }));
  if (!p || !p.meta || !p.meta.panel) { panel.replaceChildren(el("div", { class: "empty", text: "no image panel for this run" })); return; }
  const classes = p.meta.classes || [];
  panel.replaceChildren(...p.meta.panel.map((s, i) => {
    const pred = last ? last.predictions[i] : null;
    const right = pred && pred.predicted === pred.label;
    return el("figure", {},
        el("img", { src: fileUrl(p.name, s.file), alt: s.label }),
        pred && last.saliency ? saliencyTile(fileUrl(p.name, last.saliency), i) : null,
        el("figcaption", {}, el("div", { text: "true: " + s.label }),
            pred ? el("div", { class: right ? "right" : "wrong", text: classes[pred.predicted] + " " + pct(pred.probability) }) : el("div", { class: "empty", text: "after epoch 1" })));
  }));
}

// One tile of the epoch's saliency strip (the maps side by side, 84 pixels each).
function saliencyTile(url, i) {
  const d = el("div", { class: "saliency", role: "img", "aria-label": "saliency map" });
  d.style.backgroundImage = "url(\"" + url + "\")";
  d.style.backgroundPosition = (-84 * i) + "px 0";
  return d;
}

function drawConfusion(p) {
  const box = document.getElementById("confusion");
  const last = p ? [...p.epochs].reverse().find(e => e.confusion) : null;
  if (!last) { box.replaceChildren(el("div", { class: "empty", text: "after each epoch with a validation set" })); return; }
  const classes = p.meta && p.meta.classes ? p.meta.classes : last.confusion.map((_, i) => String(i));
  const head = el("tr", {}, el("th", { text: "" }), ...classes.map((c, j) => el("th", { text: String(j), title: c })));
  const rows = last.confusion.map((row, i) => {
    const total = row.reduce((a, b) => a + b, 0) || 1;
    return el("tr", {}, el("th", { text: i + " " + classes[i] }), ...row.map((v, j) => {
      const td = el("td", { text: String(v), title: classes[i] + " → " + classes[j] });
      const a = v / total;
      td.style.background = i === j ? "rgba(30,132,73," + a + ")" : "rgba(192,57,43," + Math.min(1, 3 * a) + ")";
      if (a > 0.5) td.style.color = "#fff";
      return td;
    }));
  });
  box.replaceChildren(el("table", { class: "confusion" }, head, ...rows));
}

function hist(h) {
  const c = el("canvas", { class: "hist", width: "96", height: "24" });
  if (!h || !h.hist) return c;
  const g = c.getContext("2d"), max = Math.max(...h.hist, 1), w = 96 / h.hist.length;
  g.fillStyle = "#1f77b4";
  h.hist.forEach((v, i) => { const y = 24 * v / max; g.fillRect(i * w, 24 - y, w - 1, y); });
  return c;
}

let shownTables = null;
function drawTables(p) {
  const l = p ? p.lastLayers : null;
  if (l === shownTables && l) return;
  shownTables = l;
  const params = document.getElementById("params"), acts = document.getElementById("activations");
  if (!l) {
    params.replaceChildren(el("div", { class: "empty", text: "sampled every few steps while training with --ui" }));
    acts.replaceChildren(el("div", { class: "empty", text: "sampled every few steps while training with --ui" }));
    return;
  }
  const stat = s => s ? fmt(s.mean) + " ± " + fmt(s.std) : "–";
  params.replaceChildren(el("div", { class: "note", text: "step " + l.global_step }), el("table", {},
      el("tr", {}, ...["parameter", "weight mean ± std", "weights", "gradient mean ± std", "gradients", "update ratio"].map(t => el("th", { text: t }))),
      ...l.params.map(q => el("tr", {}, el("td", { text: q.name }), el("td", { text: stat(q.weight) }), el("td", {}, hist(q.weight)),
          el("td", { text: stat(q.grad) }), el("td", {}, hist(q.grad)), el("td", { text: fmt(q.ratio, 2) })))));
  acts.replaceChildren(el("table", {},
      el("tr", {}, ...["layer", "mean ± std", "min", "max", "histogram"].map(t => el("th", { text: t }))),
      ...l.activations.map(a => el("tr", {}, el("td", { text: a.name }), el("td", { text: stat(a) }), el("td", { text: fmt(a.min) }),
          el("td", { text: fmt(a.max) }), el("td", {}, hist(a))))));
}

let shownMeta = null;
function drawRun(p) {
  const meta = p ? p.meta : null;
  if (meta === shownMeta && meta) return;
  shownMeta = meta;
  document.getElementById("command").textContent = meta && meta.command ? meta.command : "";
  const box = document.getElementById("summary");
  if (!meta || !meta.summary) { box.replaceChildren(el("div", { class: "empty", text: "model summary recorded with --ui" })); return; }
  const total = meta.summary.reduce((a, r) => a + r.params, 0);
  box.replaceChildren(el("table", {},
      el("tr", {}, ...["layer", "type", "output", "parameters", "multiply-adds"].map(t => el("th", { text: t }))),
      ...meta.summary.map(r => el("tr", {}, el("td", { text: r.name }), el("td", { text: r.type }), el("td", { text: r.output.join("×") }),
          el("td", { text: r.params.toLocaleString("en") }), el("td", { text: r.macs.toLocaleString("en") }))),
      el("tr", {}, el("th", { text: "total" }), el("td"), el("td"), el("th", { text: total.toLocaleString("en") }), el("td"))));
}

window.addEventListener("resize", scheduleRedraw);
loadRuns().catch(err => { document.getElementById("status").textContent = "cannot load runs: " + err; });
setInterval(() => loadRuns().catch(() => {}), 5000);
