// Faults: the active plan with each rule's counters; add a rule from the form, remove one, clear all.
// Every change goes through the admin API (/_mock/faults), so its validation and its errors are the page's.

import { UI, change, el, getJSON } from "./api.js";

let shown = "";
let refreshPage = () => {};

export function setUp(refresh) {
  refreshPage = refresh;
  document.getElementById("fault-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    let rule;
    try {
      rule = ruleFrom(new FormData(form));
    } catch (error) {
      say(error.message);
      return;
    }
    if (await attempt(() => change("POST", "faults", rule))) {
      form.reset();
    }
  });
  document.getElementById("clear-faults").addEventListener("click", () =>
    attempt(() => change("DELETE", "faults")),
  );
  getJSON(UI + "model").then(({ operations }) => {
    document.getElementById("operations").replaceChildren(...operations.map((name) => el("option", { value: name })));
  });
}

export function open() {}

export async function refresh() {
  const plan = await getJSON("/_mock/faults");
  const listed = JSON.stringify(plan);
  if (listed === shown) {
    return;
  }
  shown = listed;
  document.getElementById("fault-plan").textContent = plan.faults.length
    ? `${plan.faults.length} rule(s), seed ${plan.seed}. Every matching rule counts a call; the first that fires decides.`
    : `No rules: every call gets the provider's own answer (seed ${plan.seed}).`;
  document.querySelector("#fault-table tbody").replaceChildren(
    ...plan.faults.map((rule) =>
      el(
        "tr",
        { "data-rule": rule.id },
        el("th", { scope: "row" }, rule.id),
        el("td", {}, el("code", {}, compact(rule.match))),
        el("td", {}, el("code", {}, compact(rule.effect))),
        el("td", {}, el("code", {}, compact(rule.trigger))),
        el("td", {}, rule.limit ?? ""),
        el("td", { class: "number" }, rule.calls),
        el("td", { class: "number" }, rule.fired),
        el(
          "td",
          {},
          el("button", {
            type: "button",
            "aria-label": `Remove rule ${rule.id}`,
            onclick: () => attempt(() => change("DELETE", `faults/${encodeURIComponent(rule.id)}`)),
          }, "Remove"),
        ),
      ),
    ),
  );
}

// The form as a rule of the plan-file form (README, "Fault injection"); the mock judges it.
function ruleFrom(data) {
  const text = (name) => (data.get(name) || "").trim();
  const rule = { match: {} };
  for (const key of ["operation", "method", "path"]) {
    if (text(key)) rule.match[key] = text(key);
  }
  if (text("body")) {
    try {
      rule.match.body = JSON.parse(text("body"));
    } catch {
      throw new Error(`Body fields: not JSON: ${text("body")}`);
    }
  }
  const kind = text("effect");
  const value = text("value");
  if (["hang", "reset", "truncate", "malformed"].includes(kind)) {
    rule.effect = { [kind]: true };
  } else if (kind === "delay" && /^\d+\s*-\s*\d+$/.test(value)) {
    rule.effect = { delay: value.split("-").map((part) => Number(part.trim())) };
  } else {
    rule.effect = { [kind]: number(value) };
  }
  if (text("retryAfter")) rule.effect.retryAfter = number(text("retryAfter"));
  const trigger = text("trigger");
  rule.trigger = trigger === "always" ? "always" : { [trigger]: number(text("n")) };
  if (text("limit")) rule.limit = number(text("limit"));
  if (text("id")) rule.id = text("id");
  return rule;
}

// A number when the text is one; the text itself otherwise, for the mock to refuse in its own words.
function number(text) {
  return text !== "" && !Number.isNaN(Number(text)) ? Number(text) : text;
}

function compact(value) {
  return typeof value === "string" ? value : JSON.stringify(value);
}

// Make a change; true when the mock took it (the plan is then shown anew), else its refusal is shown.
async function attempt(action) {
  try {
    await action();
  } catch (error) {
    say(`Refused: ${error.message}`);
    return false;
  }
  say("");
  shown = "";
  refreshPage();
  return true;
}

function say(message) {
  const box = document.getElementById("fault-error");
  box.replaceChildren(message ? el("p", {}, message) : "");
}

