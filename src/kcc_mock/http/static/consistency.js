// Consistency: the mock's report (orphans, dangling references, partijen without identificator), each finding
// linking to the objects it names; with a mark set, also what was created since and is still there.

import { change, clock, el, getJSON, objectLink } from "./api.js";

const KEY = "kcc-mock-mark";
let shown = "";

export function setUp(refresh) {
  document.getElementById("set-mark").addEventListener("click", async () => {
    try {
      const { id } = await change("POST", "marks");
      sessionStorage.setItem(KEY, JSON.stringify({ id, at: new Date().toISOString() }));
      say("");
    } catch (error) {
      say(`Refused: ${error.message}`);
    }
    shown = "";
    refresh();
  });
  document.getElementById("forget-mark").addEventListener("click", () => {
    sessionStorage.removeItem(KEY);
    shown = "";
    refresh();
  });
}

export function open() {}

function mark() {
  return JSON.parse(sessionStorage.getItem(KEY) || "null");
}

export async function refresh() {
  let current = mark();
  let report;
  try {
    report = await getJSON("/_mock/consistency" + (current ? `?mark=${encodeURIComponent(current.id)}` : ""));
  } catch (error) {
    if (!current || !error.message.startsWith("404")) {
      throw error;
    }
    // The mock forgot the mark (a reset): say so, and show the report without it.
    sessionStorage.removeItem(KEY);
    say(`The mock no longer knows ${current.id} (it was reset); set a new mark.`);
    current = null;
    report = await getJSON("/_mock/consistency");
  }
  const listed = JSON.stringify([report, current]);
  if (listed === shown) {
    return;
  }
  shown = listed;
  document.getElementById("forget-mark").hidden = !current;
  document.getElementById("mark-state").textContent = current
    ? `${current.id}, set at ${clock(current.at)}: objects created since then and still stored are listed as leftover.`
    : "No mark: set one before a run to see what the run leaves behind.";
  const verdict = document.getElementById("consistency-verdict");
  verdict.textContent = report.consistent ? "Consistent: no findings." : `${report.findings.length} finding(s)`;
  verdict.className = report.consistent ? "verdict consistent" : "verdict inconsistent";
  document.getElementById("findings").replaceChildren(
    ...report.findings.map((finding) =>
      el(
        "li",
        { class: `finding ${finding.rule}` },
        el("strong", {}, finding.rule),
        " ",
        objectLink(finding.collection, finding.uuid),
        `: ${finding.detail}`,
        ...targets(finding.detail),
      ),
    ),
  );
}

// A dangling reference names the object it misses: "points at betrokkenen/UUID, which does not exist".
function targets(detail) {
  const match = /points at ([a-z-]+)\/([0-9a-f-]{36})/.exec(detail);
  return match ? [" (", objectLink(match[1], match[2], false), ")"] : [];
}

function say(message) {
  document.getElementById("mark-error").replaceChildren(message ? el("p", {}, message) : "");
}
