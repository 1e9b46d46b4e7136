// Store: each collection's objects with their references as links, both ways (a klantcontact to its
// betrokkenen, a betrokkene back to its klantcontact).

import { UI, el, getJSON, json, objectLink } from "./api.js";

let where = []; // [] | [collection] | [collection, uuid]
let all = false; // show every object of the collection, not only the newest
let shown = "";

export function setUp() {}

export function open(rest) {
  where = rest.filter(Boolean);
  all = false;
  shown = "";
}

export async function refresh() {
  const { collections } = await getJSON(UI + "store");
  const [collection, uuid] = where;
  let body = null;
  if (uuid) {
    body = await getJSON(`${UI}store/${encodeURIComponent(collection)}/${encodeURIComponent(uuid)}`).catch((error) => {
      if (error.message.startsWith("404")) return { missing: true };
      throw error;
    });
  } else if (collection) {
    body = await getJSON(`${UI}store/${encodeURIComponent(collection)}${all ? "?limit=all" : ""}`);
  }
  const listed = JSON.stringify([collections, body, where]);
  if (listed === shown) {
    return;
  }
  shown = listed;
  const current = (c) => (c.name === collection ? "page" : null);
  document.getElementById("collections").replaceChildren(
    ...collections.map((c) => el("a", { href: `#store/${c.name}`, "aria-current": current(c) }, `${c.name} (${c.count})`)),
  );
  const target = document.getElementById("store-body");
  if (uuid && body.missing) {
    target.replaceChildren(el("p", {}, `${collection}/${uuid} is not stored (deleted, or the mock was reset).`));
  } else if (uuid) {
    target.replaceChildren(...object(body, true));
  } else if (collection) {
    target.replaceChildren(...listing(body));
  } else {
    const total = collections.reduce((sum, c) => sum + c.count, 0);
    target.replaceChildren(el("p", { class: "hint" }, `${total} object(s) stored. Pick a collection.`));
  }
}

function listing(body) {
  const parts = [el("h3", {}, `${body.name}: ${body.count} object(s)`)];
  if (body.objects.length < body.count) {
    const showAll = () => {
      all = true;
      shown = "";
      refresh();
    };
    const button = el("button", { type: "button", onclick: showAll }, `Show all ${body.count}`);
    parts.push(el("p", { class: "hint" }, `The newest ${body.objects.length} are shown. `, button));
  }
  parts.push(el("ul", { class: "objects" }, ...body.objects.map((o) => el("li", {}, ...object(o, false)))));
  return parts;
}

// One object: its uuid, what it refers to, what refers to it; with `whole`, also the record itself.
function object(described, whole) {
  const refs = described.references.map((r) =>
    el("li", {}, `${r.field} → `, objectLink(r.collection, r.uuid, r.exists), r.exists ? "" : " (missing)"),
  );
  const back = described.referrers.map((r) =>
    el("li", {}, `${r.collection}.${r.field} ← `, objectLink(r.collection, r.uuid)),
  );
  const name = `${described.collection}/${described.uuid}`;
  return [
    whole ? el("h3", {}, name) : objectLink(described.collection, described.uuid),
    refs.length ? el("div", { class: "links" }, el("h4", {}, "Refers to"), el("ul", {}, ...refs)) : null,
    back.length ? el("div", { class: "links" }, el("h4", {}, "Referred to by"), el("ul", {}, ...back)) : null,
    whole ? el("pre", { class: "record" }, json(described.record)) : null,
  ].filter(Boolean);
}
