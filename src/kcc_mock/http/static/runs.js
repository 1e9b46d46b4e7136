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
  list.replaceChildren(
    ...runs.map((run) => {
      const state = run.state ? el("span", { class: `state ${run.state.toLowerCase().replace(" ", "-")}` }, run.state) : null;
      const facts = [
        count(run.calls, "call"),
        run.faults ? count(run.faults, "fault") : null,
        run.compensations ? count(run.compensations, "compensation") : null,
        run.left ? `${run.left} left in the store` : "nothing left",
      ].filter(Boolean);
      const link = el(
        "a",
        { href: `#runs/${encodeURIComponent(run.id)}`, "aria-current": current && run.id === current.id ? "true" : null },
        el("span", { class: "label" }, run.label),
        state ? " " : null,
        state,
        el("span", { class: "facts" }, `${clock(run.started)} · ${facts.join(" · ")}`),
      );
      return el("li", { class: run.faults ? "run faulted" : "run" }, link);
    }),
  );
  if (!runs.length) {
    list.append(el("li", { class: "hint" }, "No calls yet: run a consumer against the mock."));
  }
}

function renderNothing(missing) {
  document.getElementById("run-title").textContent = missing ? `Run ${missing} is gone (reset?)` : "No run yet";
  document.getElementById("run-meta").replaceChildren();
  document.getElementById("diagram").replaceChildren();
  document.getElementById("call").replaceChildren();
  shownRun = null;
}

function renderRun() {
  const run = detail.run;
  const title = document.getElementById("run-title");
  title.textContent = run.state ? `${run.label}: ${run.state}` : run.label;
  // A finished verify-consumer run's store was reset for the next scenario: what it left is named, not linked.
  const named = (o) => (run.state ? el("code", {}, `${o.collection}/${o.uuid}`) : objectLink(o.collection, o.uuid, o.stored));
  const where = run.state ? "Left in the store when the run ended" : "Left in the store";
  const left = detail.left.length
    ? el("p", { class: "left" }, `${where}: `, ...detail.left.flatMap((o, i) => [i ? ", " : "", named(o)]))
    : el("p", {}, `Nothing of this run ${run.state ? "was" : "is"} left in the store.`);
  document.getElementById("run-meta").replaceChildren(
    el(
      "p",
      { class: "hint" },
      `${run.kind === "scenario" ? "verify-consumer scenario" : run.kind === "correlation" ? "X-Request-ID" : "burst of calls"}` +
        ` · started ${clock(run.started)} · ${run.durationMs} ms · ${count(run.calls, "call")}` +
        ` · ${run.faults} faulted · ${count(run.compensations, "compensation")}`,
    ),
    left,
  );
  const diagram = document.getElementById("diagram");
  diagram.innerHTML = detail.svg; // drawn and escaped by the mock itself (kcc_mock.observe.diagram)
  showCall();
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
  const request = call.request;
  const query = Object.entries(request.query)
    .flatMap(([k, vs]) => vs.map((v) => `${k}=${v}`))
    .join("&");
  const response = call.response;
  const answer = response.status === null ? "no answer" : response.status;
  const parts = [
    el("h3", {}, `#${call.number} ${request.method} ${request.path} → ${answer}`),
    call.fault ? el("p", { class: "fault" }, `Fault: ${call.fault}`) : null,
    call.committed ? el("p", { class: "committed" }, `What the provider really answered: ${call.committed.status}`) : null,
    call.stored.length
      ? el("p", {}, "Stored: ", ...call.stored.flatMap((o, i) => [i ? ", " : "", objectLink(o.collection, o.uuid, o.stored)]))
      : null,
    call.compensation ? el("p", { class: "compensation" }, "A compensation: it deletes what an earlier call of this run stored.") : null,
    el("div", { class: "exchange" },
      el("section", { "aria-label": "Request" },
        el("h4", {}, "Request"),
        el("pre", {}, `${request.method} ${request.path}${query ? "?" + query : ""}\n` + headers(request.requestHeaders) + "\n" + json(request.requestBody)),
      ),
      el("section", { "aria-label": "Response" },
        el("h4", {}, "Response"),
        el("pre", {}, `${response.status === null ? "no answer" : "HTTP " + response.status} (${response.durationMs} ms)\n` +
          headers(response.responseHeaders) + "\n" + json(response.responseBody)),
        call.committed ? el("pre", { class: "committed" }, "What the provider answered before the fault:\n" + json(call.committed.body)) : null,
      ),
    ),
  ];
  box.replaceChildren(...parts.filter(Boolean));
}

// "1 call", "2 calls"
function count(number, noun) {
  return `${number} ${noun}${number === 1 ? "" : "s"}`;
}

function headers(map) {
  return Object.entries(map || {}).map(([k, v]) => `${k}: ${v}`).join("\n") + "\n";
}
