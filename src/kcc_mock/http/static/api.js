// Talking to the mock (the page's JSON under /_mock/ui/api, the admin API under /_mock) and making elements.

const DEVELOPMENT_TOKEN = "kcc-mock-development-token"; // the mock's default; any other is typed in once

export const UI = "/_mock/ui/api/";
export const ADMIN = "/_mock/";

// The API token the admin API wants for changes, remembered for this browser tab.
export function token() {
  const field = document.getElementById("token");
  return field.value.trim();
}

export function setUpToken() {
  const field = document.getElementById("token");
  field.value = sessionStorage.getItem("kcc-mock-token") || DEVELOPMENT_TOKEN;
  field.addEventListener("change", () => sessionStorage.setItem("kcc-mock-token", field.value.trim()));
  document.getElementById("token-form").addEventListener("submit", (event) => event.preventDefault());
}

// GET JSON; throws an Error whose message says what the mock answered.
export async function getJSON(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" }, cache: "no-store" });
  if (!response.ok) {
    throw new Error(await reason(response));
  }
  return response.json();
}

// A change through the admin API, with the token; returns the parsed answer (null when empty).
export async function change(method, path, body) {
  const headers = { Accept: "application/json", Authorization: `Token ${token()}` };
  const options = { method, headers };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(ADMIN + path, options);
  if (!response.ok) {
    throw new Error(await reason(response));
  }
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

// The admin API's own words for a refusal: each invalid parameter's reason, else the detail or title.
async function reason(response) {
  const text = await response.text();
  let said = `${response.status}`;
  try {
    const body = JSON.parse(text);
    const params = (body.invalidParams || []).map((p) => p.reason).join("; ");
    said = `${response.status}: ${params || body.detail || body.title || text}`;
  } catch {
    said = `${response.status}: ${text.slice(0, 200)}`;
  }
  if (response.status === 401) {
    said += " (the mock refused the API token: type the token it was started with above)";
  }
  return said;
}

// el("a", {href: "#x", class: "y"}, "text", child, ...): an element with attributes and children.
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? "" : value);
    }
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null && child !== false) {
      element.append(child instanceof Node ? child : String(child));
    }
  }
  return element;
}

// A link to a stored object on the Store view, or plain text when it is no longer stored.
export function objectLink(collection, uuid, stored = true) {
  const text = `${collection}/${uuid}`;
  if (!stored) {
    return el("span", { class: "gone", title: "no longer stored" }, text);
  }
  return el("a", { href: `#store/${collection}/${uuid}`, class: "object" }, text);
}

export function json(value) {
  return value === undefined || value === null ? "" : typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

export function clock(iso) {
  return iso ? new Date(iso).toLocaleTimeString() : "";
}
