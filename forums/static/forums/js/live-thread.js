// Live thread: new, edited and deleted posts appear without reloading; replies survive a bad connection.
// Progressive enhancement: without this module every action is a plain form post.
import { openStream } from "../../js/live-socket.js";

const list = document.querySelector("#posts[data-ws]");
const form = document.querySelector("#reply-form");
const status = document.querySelector("#live-status");
const textarea = form && form.querySelector("textarea[name=body]");
const fileInput = form && form.querySelector("input[type=file]");
const storageKey = form ? "ortaq.unsent." + form.dataset.thread : "";

let stream = null;
let pending = load(); // {body, client_token} waiting to be stored by the server

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
  if (event.client_token && pending && event.client_token === pending.client_token) {
    save(null);
    if (textarea) textarea.value = "";
    say(null);
  }
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

function sendPending() {
  if (!pending || !stream) return false;
  const sent = stream.send({ type: "post.create", body: pending.body, client_token: pending.client_token });
  if (sent) say("sending");
  return sent;
}

function onFrame(event) {
  if (event.type === "error") {
    if (pending) say("error", event.message);
    if (event.code !== "rate_limited") save(null); // a refused reply stays in the box, not in the queue
    return;
  }
  if (event.type && event.type.startsWith("post.")) apply(event);
}

function onState(state) {
  say(state === "reconnecting" && pending ? "offline" : state);
}

function newToken() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

if (list && "WebSocket" in window) {
  if (form && textarea) {
    if (pending && !textarea.value) textarea.value = pending.body;
    form.addEventListener("submit", (event) => {
      if (fileInput && fileInput.files.length) return; // photos go through the plain form
      const body = textarea.value.trim();
      if (!body) return;
      event.preventDefault();
      if (!pending || pending.body !== body) save({ body, client_token: newToken() });
      if (!sendPending()) say("offline");
    });
  }
  const lastSeq = Number(list.dataset.lastSeq || 0);
  stream = openStream({ path: list.dataset.ws, lastSeq, onFrame, onState, onOpen: sendPending });
}
