// Live thread: new, edited and deleted posts appear without reloading; replies survive a bad connection.
// Progressive enhancement: without this module every action is a plain form post.
import { openStream } from "../../js/live-socket.js";

const list = document.querySelector("#posts[data-ws]");
const form = document.querySelector("#reply-form");
const status = document.querySelector("#live-status");
const textarea = form && form.querySelector("textarea[name=body]");
const fileInput = form && form.querySelector("input[type=file]");
const storageKey = form ? "ortaq.unsent." + form.dataset.thread : "";

// A reply goes over HTTP (the plain form's URL, the same client_token: a retry never doubles it) when the socket is
// closed, blocked, or has not confirmed it within FALLBACK_MS; school proxies and mobile operators often block or
// half-open WebSockets.
const FALLBACK_MS = 4000;

let stream = null;
// {body, client_token}: what is in the box, kept in localStorage until the server confirms it (across reloads and
// navigation). client_token is null for a draft not sent yet, and set once the member pressed "Post reply".
let pending = load();
let fallbackTimer = null;
let httpInFlight = false;

function load() {
  try { return JSON.parse(localStorage.getItem(storageKey) || "null"); } catch { return null; }
}

function save(value) {
  pending = value;
  try {
    if (value) localStorage.setItem(storageKey, JSON.stringify(value));
    else localStorage.removeItem(storageKey);
  } catch { /* private mode: keep it in memory only */ }
}

function say(key, extra) {
  if (!status) return;
  if (!key) { status.hidden = true; status.textContent = ""; return; }
  status.textContent = status.dataset[key] + (extra ? " " + extra : "");
  status.hidden = false;
}

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

// Live frames are the same for every reader: each control says who may use it (data-for: author, other,
// moderator, replier) and this page keeps those its viewer may (the server checks every action again).
function keepViewersControls(element) {
  const viewer = list.dataset.viewer || "";
  const own = viewer !== "" && viewer === element.dataset.author;
  const roles = new Set();
  if (own) roles.add("author");
  if (viewer !== "" && !own) roles.add("other");
  if (list.dataset.moderator) roles.add("moderator");
  if (list.dataset.replier) roles.add("replier");
  element.querySelectorAll("[data-for]").forEach((control) => {
    if (!control.dataset.for.split(" ").some((role) => roles.has(role))) control.remove();
  });
}

function toElement(html) {
  const template = document.createElement("template");
  template.innerHTML = html.trim();
  const element = template.content.firstElementChild;
  keepViewersControls(element);
  // Live fragments are rendered without a request: give their forms this page's CSRF token.
  element.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach((input) => { input.value = csrfToken(); });
  return element;
}

function apply(event) {
  list.dataset.lastSeq = String(stream.lastSeq);
  if (event.client_token && pending && event.client_token === pending.client_token) confirmed();
  const existing = document.getElementById("post-" + event.id);
  if (event.type === "post.created") {
    if (existing || !list.dataset.append) return; // shown already, or not the last page
    list.appendChild(toElement(event.html));
  } else if (event.type === "post.updated" || event.type === "post.deleted") {
    if (!existing) return;
    const fresh = toElement(event.html);
    // Frames are the same for everyone: keep this viewer's own "Helpful ✓" from the page.
    const pressed = existing.querySelector('[data-for] [aria-pressed="true"]');
    const button = pressed && fresh.querySelector("[data-for] [aria-pressed]");
    if (button) button.replaceWith(pressed);
    existing.replaceWith(fresh);
  }
}

function confirmed() {
  clearTimeout(fallbackTimer);
  save(null);
  if (textarea) textarea.value = "";
  say(null);
}

function sendPending() {
  if (!pending || !pending.client_token) return false;
  clearTimeout(fallbackTimer);
  say("sending");
  const sent = stream && stream.send({ type: "post.create", body: pending.body, client_token: pending.client_token });
  if (!sent) { sendOverHttp(); return false; }
  fallbackTimer = setTimeout(sendOverHttp, FALLBACK_MS); // a half-open socket swallows frames silently
  return true;
}

function formToken() {
  const input = form.querySelector("input[name=csrfmiddlewaretoken]");
  return csrfToken() || (input ? input.value : "");
}

function showStored(html) {
  // The server answered with the thread page: add the posts this page does not show yet (ours among them).
  const page = new DOMParser().parseFromString(html, "text/html");
  page.querySelectorAll("#posts > [id^=post-]").forEach((item) => {
    if (!document.getElementById(item.id)) list.appendChild(toElement(item.outerHTML));
  });
}

async function sendOverHttp() {
  clearTimeout(fallbackTimer);
  if (!pending || !pending.client_token || httpInFlight) return;
  const token = pending.client_token;
  const data = new FormData();
  data.set("body", pending.body);
  data.set("client_token", token);
  data.set("csrfmiddlewaretoken", formToken());
  httpInFlight = true;
  say("sending");
  let response;
  try {
    response = await fetch(form.action, { method: "POST", body: data, credentials: "same-origin" });
  } catch {
    httpInFlight = false;
    say("offline"); // kept: sent again when the browser is back online or the socket opens
    return;
  }
  httpInFlight = false;
  if (!pending || pending.client_token !== token) return; // the socket confirmed it meanwhile
  if (response.ok) {
    const html = await response.text();
    confirmed();
    if (list.dataset.append) showStored(html);
    else location.assign(response.url); // the reply is on the last page
    return;
  }
  // Refused (too fast, empty, not allowed): the text stays in the box with the server's reason.
  let reason = "";
  try {
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const alert = page.querySelector("#reply-form [role=alert], #reply-form .errorlist");
    reason = alert ? alert.textContent.trim() : response.statusText;
  } catch { reason = response.statusText; }
  if (response.status !== 429) save({ body: pending.body, client_token: null });
  say("error", reason);
}

function onFrame(event) {
  if (event.type === "error") {
    if (!pending || !pending.client_token) return;
    clearTimeout(fallbackTimer);
    say("error", event.message);
    // A refused reply stays in the box (and in the draft), not in the send queue.
    if (event.code !== "rate_limited") save({ body: pending.body, client_token: null });
    return;
  }
  if (event.type && event.type.startsWith("post.")) apply(event);
}

function onState(state) {
  if (pending && pending.client_token) return; // the reply's own status ("Sending…", an error) stays
  say(state);
}

function newToken() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

if (list && form && textarea) {
  if (pending && !textarea.value) textarea.value = pending.body;
  textarea.addEventListener("input", () => {
    const body = textarea.value;
    if (!body.trim()) save(null);
    else if (!pending || pending.body !== body) save({ body, client_token: null }); // a draft, not sent yet
  });
  form.addEventListener("submit", (event) => {
    if (fileInput && fileInput.files.length) return; // photos go through the plain form
    const body = textarea.value.trim();
    if (!body) return;
    event.preventDefault();
    if (!pending || pending.body !== body || !pending.client_token) save({ body, client_token: newToken() });
    sendPending();
  });
  window.addEventListener("online", () => { if (pending && pending.client_token) sendPending(); });
  // Sent before a reload but never confirmed: send it again (the token makes it once-only).
  if (pending && pending.client_token) fallbackTimer = setTimeout(sendOverHttp, FALLBACK_MS);
}
if (list && "WebSocket" in window) {
  const lastSeq = Number(list.dataset.lastSeq || 0);
  stream = openStream({ path: list.dataset.ws, lastSeq, onFrame, onState, onOpen: sendPending });
}
