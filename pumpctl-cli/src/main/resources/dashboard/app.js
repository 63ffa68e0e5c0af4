// The pump-monitor dashboard: reads /api/... every few seconds and renders it. No framework, no
// build step; the charts are uPlot's, served from its WebJar. The next refresh is scheduled only
// once the previous one has answered, so a slow server never has a page's refreshes pile up.
"use strict";

const REFRESH_MS = 3000;
const MEASURES = ["psi", "flo", "hz", "disp", "sedPPM", "chlPPM"];
const params = new URLSearchParams(location.search);

async function api(path) {
  const response = await fetch(path);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body.error || ("HTTP " + response.status));
    error.status = response.status;
    throw error;
  }
  return body;
}

function showError(error) {
  const banner = document.getElementById("error");
  if (!error) {
    banner.hidden = true;
    return;
  }
  banner.textContent = error.status === 503
      ? error.message + " (retrying every few seconds)"
      : error.message;
  banner.hidden = false;
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text === null || text === undefined ? "–" : text;
  if (className) {
    td.className = className;
  }
  return td;
}

function number(value, digits) {
  return value === null || value === undefined || Number.isNaN(value) ? "–" : Number(value).toFixed(digits);
}

function triple(stats, measure) {
  return number(stats[measure + "_min"], 2) + " / " + number(stats[measure + "_avg"], 2) + " / "
      + number(stats[measure + "_max"], 2);
}

function withNow(path) {
  return params.get("now") ? path + (path.includes("?") ? "&" : "?") + "now=" + encodeURIComponent(params.get("now")) : path;
}

// ---- overview ----

async function renderOverview() {
  const body = await api(withNow("/api/pumps"));
  document.getElementById("as-of").textContent = body.now;
  document.getElementById("silent-after").textContent = Math.round(body.silentAfterSeconds / 60) + " min";
  const tbody = document.querySelector("#pumps tbody");
  tbody.replaceChildren();
  for (const p of body.pumps) {
    const row = tbody.insertRow();
    row.className = "pump-row" + (p.silent ? " silent" : "") + (p.inAlarm ? " in-alarm" : "");
    row.dataset.pump = p.pump;
    const link = document.createElement("a");
    link.href = withNow("pump.html?pump=" + encodeURIComponent(p.pump));
    link.textContent = p.pump;
    cell(row, "").append(link);
    const state = cell(row, "");
    for (const [flag, label] of [[p.inAlarm, "in alarm"], [p.silent, "silent"]]) {
      if (flag) {
        const badge = document.createElement("span");
        badge.className = "badge " + label.replace(" ", "-");
        badge.textContent = label;
        state.append(badge, " ");
      }
    }
    if (p.openEpisode) {
      const episode = document.createElement("span");
      episode.className = "open-episode";
      episode.textContent = (p.openEpisode.rule || "low-pressure") + " episode since " + p.openEpisode.start + ", "
        + (p.openEpisode.measure || "psi") + " " + number(p.openEpisode.peak ?? p.openEpisode.min_psi, 1);
      state.append(episode);
    }
    if (!p.inAlarm && !p.silent && !p.openEpisode) {
      state.innerHTML = '<span class="badge ok">ok</span>';
    }
    cell(row, p.lastReading);
    cell(row, number(p.psi, 2), "number");
    cell(row, p.alarmsLastHour, "number");
    const d = p.newestDay || {};
    cell(row, d.day);
    cell(row, d.count, "number");
    cell(row, triple(d, "psi"), "number");
    cell(row, number(d.flo_avg, 1), "number");
    cell(row, number(d.hz_avg, 2), "number");
  }
  const letters = await api("/api/dead-letters?limit=20");
  const dl = document.querySelector("#dead-letters tbody");
  dl.replaceChildren();
  for (const d of letters.rows) {
    const row = dl.insertRow();
    row.className = "dead-letter";
    cell(row, new Date(d.kafka_timestamp).toISOString());
    cell(row, d.topic);
    cell(row, d.partition, "number");
    cell(row, d.offset, "number");
    cell(row, d.reason);
    cell(row, d.raw);
  }
}

// ---- one pump ----

const charts = {};

function rangeQuery() {
  const q = [];
  for (const name of ["from", "to"]) {
    if (params.get(name)) {
      q.push(name + "=" + encodeURIComponent(params.get(name)));
    }
  }
  return q.length ? "?" + q.join("&") : "";
}

function chart(measure, xs, ys, alarmXs, alarmYs) {
  const container = document.getElementById("charts");
  let holder = document.getElementById("chart-" + measure);
  if (!holder) {
    holder = document.createElement("div");
    holder.id = "chart-" + measure;
    holder.className = "chart";
    container.append(holder);
  }
  const series = [{}, {label: measure, stroke: "#1f6feb", width: 1}];
  const data = [xs, ys];
  if (measure === "psi") {
    // Alarms as red points on the psi line, at their own times.
    const alarmAt = new Map(alarmXs.map((x, i) => [x, alarmYs[i]]));
    series.push({label: "alarm", stroke: "#d93f3f", width: 0, paths: () => null,
      points: {show: true, size: 9, fill: "#d93f3f", stroke: "#d93f3f"}});
    data.push(xs.map(x => alarmAt.has(x) ? alarmAt.get(x) : null));
  }
  if (charts[measure]) {
    charts[measure].setData(data);
    return;
  }
  // Times in UTC, as everywhere else on the page and in the row keys.
  charts[measure] = new uPlot({title: measure, width: 560, height: 220, series: series,
    tzDate: ts => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
    scales: {x: {time: true}}, axes: [{}, {size: 60}]}, data, holder);
}

async function renderPump() {
  const pump = params.get("pump");
  document.getElementById("pump-name").textContent = pump;
  document.title = "pump-monitor: " + pump;
  const base = "/api/pumps/" + encodeURIComponent(pump);
  const readings = await api(base + "/readings" + rangeQuery());
  const alarms = await api(base + "/alarms" + rangeQuery());
  document.getElementById("range-shown").textContent = readings.from + " to " + readings.to
      + " (" + readings.rows.length + " readings)";
  const xs = readings.rows.map(r => Date.parse(r.time) / 1000);
  const alarmXs = alarms.rows.map(a => Date.parse(a.time) / 1000);
  const alarmYs = alarms.rows.map(a => a.psi);
  for (const m of MEASURES) {
    chart(m, xs, readings.rows.map(r => r[m]), alarmXs, alarmYs);
  }
  const list = document.getElementById("alarms");
  list.replaceChildren();
  for (const a of alarms.rows) {
    const li = document.createElement("li");
    li.className = "alarm-marker";
    li.textContent = a.time + "  psi " + number(a.psi, 2) + " (under " + number(a.threshold, 1) + ")";
    list.append(li);
  }
  if (!alarms.rows.length) {
    list.innerHTML = "<li>none in this range</li>";
  }
  const stats = await api(base + "/stats");
  const tbody = document.querySelector("#stats tbody");
  tbody.replaceChildren();
  for (const s of stats.rows.slice().reverse()) {
    const row = tbody.insertRow();
    row.className = "stats-row";
    cell(row, s.day);
    cell(row, s.count, "number");
    cell(row, s.final ? "final" : "so far");
    cell(row, triple(s, "psi"), "number");
    cell(row, triple(s, "flo"), "number");
    cell(row, triple(s, "hz"), "number");
    cell(row, number(s.disp_avg, 2), "number");
    cell(row, number(s.sedPPM_avg, 2), "number");
    cell(row, number(s.chlPPM_avg, 2), "number");
  }
  const rulesList = document.querySelector("#rules");
  try {
    const rules = await api(base + "/rules");
    rulesList.replaceChildren(...rules.rules.map(r => {
      const item = document.createElement("li");
      item.className = "rule " + r.severity;
      item.textContent = r.text;
      return item;
    }));
  } catch (e) {
    const item = document.createElement("li");
    item.textContent = "rules not shown: " + e.message;
    rulesList.replaceChildren(item);
  }
  const episodes = await api(base + "/episodes");
  const et = document.querySelector("#episodes tbody");
  et.replaceChildren();
  for (const e of episodes.rows.slice().reverse()) {
    const row = et.insertRow();
    row.className = "episode-row " + e.state;
    cell(row, e.rule);
    cell(row, e.severity);
    cell(row, e.start);
    cell(row, e.state === "open" ? "open" : e.state === "predicted" ? "early warning: crosses at " + e.predicted_time
      : e.kind === "prediction" ? "warning ended " + e.end + (e.reason ? " (" + e.reason + ")" : "") : e.end);
    cell(row, e.measure + (e.condition === "above" ? " > " : " < ") + (e.threshold == null ? "" : number(e.threshold, 2)));
    cell(row, number(e.peak ?? e.min_psi, 2), "number");
    cell(row, e.readings, "number");
  }
  const late = await api(base + "/late-readings" + rangeQuery());
  const lt = document.querySelector("#late tbody");
  lt.replaceChildren();
  for (const l of late.rows) {
    const row = lt.insertRow();
    row.className = "late-row";
    cell(row, l.time);
    cell(row, l.missed_day);
  }
}

function setUpRangeForm() {
  const form = document.getElementById("range");
  for (const name of ["from", "to"]) {
    if (params.get(name)) {
      form.elements[name].value = params.get(name).replace(/Z$/, "").slice(0, 16);
    }
  }
  form.addEventListener("submit", event => {
    event.preventDefault();
    for (const name of ["from", "to"]) {
      const value = form.elements[name].value;
      if (value) {
        params.set(name, value + "Z");
      } else {
        params.delete(name);
      }
    }
    history.replaceState(null, "", "?" + params.toString());
    refreshSoon(0);
  });
}

async function refresh() {
  try {
    if (document.body.dataset.page === "pump") {
      await renderPump();
    } else {
      await renderOverview();
    }
    showError(null);
  } catch (error) {
    showError(error);
  }
}

// At most one refresh in flight: a refresh asked for while one runs (the range form) waits for it.
let refreshing = false;
let again = false;
let timer = null;

function refreshSoon(delay) {
  clearTimeout(timer);
  timer = setTimeout(runRefresh, delay);
}

async function runRefresh() {
  if (refreshing) {
    again = true;
    return;
  }
  refreshing = true;
  try {
    await refresh();
  } finally {
    refreshing = false;
    refreshSoon(again ? 0 : REFRESH_MS);
    again = false;
  }
}

if (document.body.dataset.page === "pump") {
  setUpRangeForm();
}
refreshSoon(0);
