// Runs: the list (newest first) and the chosen run's sequence diagram; click a call for its exchange.

import { UI, clock, el, getJSON, json, objectLink } from "./api.js";

let chosen = null; // the run picked in the address (#runs/ID); none: follow the newest
let shownList = "";
let shownRun = null; // {id, version} of the run drawn
let detail = null;
let openCall = null; // the anchor of the call whose exchange is shown

export function setUp() {
  document.getElementById("diagram").addEventListener("click", (event) => {
    const link = event.target.closest("a[data-call]");
    if (link) {
      event.preventDefault();
      openCall = link.dataset.call;
      showCall();
    }
  });
  document.getElementById("diagram").addEventListener("keydown", (event) => {
    const link = event.target.closest("a[data-call]");
    if (link && event.key === " ") {
      event.preventDefault();
      link.click();
    }
  });
}

export function open(rest) {
  const wanted = rest.length ? rest.join("/") : null;
  if (wanted !== chosen) {
    chosen = wanted;
    shownRun = null;
    openCall = null;
  }
}

export async function refresh() {
  const { runs } = await getJSON(UI + "runs");
  const listed = JSON.stringify(runs);
  const current = chosen ? runs.find((run) => run.id === chosen) : runs[0];
  if (listed !== shownList) {
    shownList = listed;
    renderList(runs, current);
  }
  if (!current) {
    renderNothing(chosen);
    return;
  }
  if (!shownRun || shownRun.id !== current.id || shownRun.version !== current.version) {
    detail = await getJSON(UI + "runs/" + encodeURIComponent(current.id));
    shownRun = { id: current.id, version: current.version };
    renderRun();
  }
}

function renderList(runs, current) {
  const list = document.getElementById("run-list");
  list.replaceChildren(...runs.map((run) => el("li", { class: run.faults ? "run faulted" : "run" }, runLink(run, current))));
  if (!runs.length) {
    list.append(el("li", { class: "hint" }, "No calls yet: run a consumer against the mock."));
  }
}

// A run in the list: its label, its verdict (verify-consumer), when, and what it did and left.
function runLink(run, current) {
  const facts = [
    clock(run.started),
    count(run.calls, "call"),
    run.faults && count(run.faults, "fault"),
    run.compensations && count(run.compensations, "compensation"),
    run.left ? `${run.left} left in the store` : "nothing left",
  ].filter(Boolean);
  const state = run.state && el("span", { class: `state ${run.state.toLowerCase().replace(" ", "-")}` }, run.state);
  return el(
    "a",
    { href: `#runs/${encodeURIComponent(run.id)}`, "aria-current": current && run.id === current.id ? "true" : null },
    el("span", { class: "label" }, run.label),
    state && " ",
    state,
    el("span", { class: "facts" }, facts.join(" · ")),
  );
}

function renderNothing(missing) {
  document.getElementById("run-title").textContent = missing ? `Run ${missing} is gone (reset?)` : "No run yet";
  document.getElementById("run-meta").replaceChildren();
  document.getElementById("diagram").replaceChildren();
  document.getElementById("call").replaceChildren();
  shownRun = null;
}

const KINDS = { scenario: "verify-consumer scenario", correlation: "X-Request-ID", calls: "burst of calls" };

function renderRun() {
  const run = detail.run;
  document.getElementById("run-title").textContent = run.state ? `${run.label}: ${run.state}` : run.label;
  const facts = [
    KINDS[run.kind],
    `started ${clock(run.started)}`,
    `${run.durationMs} ms`,
    count(run.calls, "call"),
    `${run.faults} faulted`,
    count(run.compensations, "compensation"),
  ];
  document.getElementById("run-meta").replaceChildren(el("p", { class: "hint" }, facts.join(" · ")), leftBy(run));
  const diagram = document.getElementById("diagram");
  diagram.innerHTML = detail.svg; // drawn and escaped by the mock itself (kcc_mock.observe.diagram)
  showCall();
}

// What the run left in the store. A finished verify-consumer run's store was reset for the next
// scenario: what it left is named, not linked.
function leftBy(run) {
  if (!detail.left.length) {
    return el("p", {}, `Nothing of this run ${run.state ? "was" : "is"} left in the store.`);
  }
  const named = (o) => (run.state ? el("code", {}, `${o.collection}/${o.uuid}`) : objectLink(o.collection, o.uuid, o.stored));
  const where = run.state ? "Left in the store when the run ended" : "Left in the store";
  return el("p", { class: "left" }, `${where}: `, ...commas(detail.left.map(named)));
}

function showCall() {
  for (const link of document.querySelectorAll("#diagram a[data-call]")) {
    link.classList.toggle("selected", link.dataset.call === openCall);
  }
  const box = document.getElementById("call");
  const call = detail && detail.calls.find((c) => c.anchor === openCall);
  if (!call) {
    box.replaceChildren(el("p", { class: "hint" }, "Click a call in the diagram for its request and response."));
    return;
  }
  const { request, response, committed } = call;
  const answer = response.status === null ? "no answer" : response.status;
  const stored = call.stored.map((o) => objectLink(o.collection, o.uuid, o.stored));
  const parts = [
    el("h3", {}, `#${call.number} ${request.method} ${request.path} → ${answer}`),
    call.fault && el("p", { class: "fault" }, `Fault: ${call.fault}`),
    committed && el("p", { class: "committed" }, `What the provider really answered: ${committed.status}`),
    stored.length && el("p", {}, "Stored: ", ...commas(stored)),
    call.compensation && el("p", { class: "compensation" }, "A compensation: it deletes what an earlier call stored."),
    el(
      "div",
      { class: "exchange" },
      el("section", { "aria-label": "Request" }, el("h4", {}, "Request"), el("pre", {}, requestText(request))),
      el(
        "section",
        { "aria-label": "Response" },
        el("h4", {}, "Response"),
        el("pre", {}, responseText(response)),
        committed && el("pre", { class: "committed" }, `What the provider answered before the fault:\n${json(committed.body)}`),
      ),
    ),
  ];
  box.replaceChildren(...parts.filter(Boolean));
}

function requestText(request) {
  const query = Object.entries(request.query).flatMap(([key, values]) => values.map((value) => `${key}=${value}`));
  const line = `${request.method} ${request.path}${query.length ? "?" + query.join("&") : ""}`;
  return `${line}\n${headers(request.requestHeaders)}\n${json(request.requestBody)}`;
}

function responseText(response) {
  const line = `${response.status === null ? "no answer" : "HTTP " + response.status} (${response.durationMs} ms)`;
  return `${line}\n${headers(response.responseHeaders)}\n${json(response.responseBody)}`;
}

// [a, b, c] -> [a, ", ", b, ", ", c]
function commas(items) {
  return items.flatMap((item, i) => (i ? [", ", item] : [item]));
}

// "1 call", "2 calls"
function count(number, noun) {
  return `${number} ${noun}${number === 1 ? "" : "s"}`;
}

function headers(map) {
  return Object.entries(map || {}).map(([k, v]) => `${k}: ${v}`).join("\n") + "\n";
}
