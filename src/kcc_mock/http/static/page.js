// The page's frame: which section shows (the address's #fragment), and polling the mock so it stays live.

import { setUpToken } from "./api.js";
import * as consistency from "./consistency.js";
import * as faults from "./faults.js";
import * as runs from "./runs.js";
import * as store from "./store.js";

const POLL_MS = 1000; // short polling: no connection stays open, so a mock stops at once
const SECTIONS = { runs, faults, consistency, store };

// "#store/klantcontacten/UUID" -> ["store", ["klantcontacten", "UUID"]]
function route() {
  const [name, ...rest] = decodeURIComponent(location.hash.slice(1)).split("/");
  return SECTIONS[name] ? [name, rest] : ["runs", []];
}

function show() {
  const [name, rest] = route();
  for (const section of Object.keys(SECTIONS)) {
    document.getElementById(section).hidden = section !== name;
    const link = document.querySelector(`nav a[data-section="${section}"]`);
    if (section === name) {
      link.setAttribute("aria-current", "page");
    } else {
      link.removeAttribute("aria-current");
    }
  }
  SECTIONS[name].open(rest);
  refresh();
}

let timer = null;
let busy = false;

// Bring the visible section up to date, then again in a second.
async function refresh() {
  clearTimeout(timer);
  if (!busy) {
    busy = true;
    const live = document.getElementById("live");
    try {
      await SECTIONS[route()[0]].refresh();
      live.textContent = `live · updated ${new Date().toLocaleTimeString()}`;
      live.classList.remove("down");
    } catch (error) {
      live.textContent = `the mock does not answer (${error.message}); trying again`;
      live.classList.add("down");
    } finally {
      busy = false;
    }
  }
  timer = setTimeout(refresh, POLL_MS);
}

setUpToken();
for (const section of Object.values(SECTIONS)) {
  section.setUp(refresh);
}
window.addEventListener("hashchange", show);
show();
