// Live room and dashboard of a network event: new announcements and feedback counts appear without reloading.
// Progressive enhancement: without this module both pages are complete, and announcing is a plain form post.
import { openStream } from "../../js/live-socket.js";

const room = document.querySelector("#room[data-ws]");
const list = document.querySelector("#announcements");
const status = document.querySelector("#live-status");
const shownAt = room ? Number(room.dataset.lastSeq || 0) : 0;
const counted = new Map(); // project id -> seq of the count shown (a replay never overwrites a newer count)

function say(key) {
  if (!status) return;
  status.hidden = !key;
  status.textContent = key ? status.dataset[key] : "";
}

function announcement(frame) {
  if (!list || document.getElementById("announcement-" + frame.id)) return;
  const item = document.createElement("li");
  item.id = "announcement-" + frame.id;
  item.className = "announcement";
  const text = document.createElement("p");
  text.textContent = frame.text; // plain text, never HTML
  const author = document.createElement("p");
  author.className = "muted";
  author.textContent = frame.author;
  item.append(text, author);
  const empty = list.querySelector(".empty");
  if (empty) empty.remove();
  list.prepend(item);
  while (list.children.length > 10) list.lastElementChild.remove();
}

function feedback(frame) {
  const project = String(frame.project);
  if ((counted.get(project) || shownAt) >= frame.seq) return;
  counted.set(project, frame.seq);
  room.querySelectorAll("tr[data-project]").forEach((row) => {
    if (row.dataset.project !== project) return;
    row.querySelector("[data-count]").textContent = String(frame.count);
    row.classList.remove("no-feedback");
    const nobody = row.querySelector(".nobody");
    if (nobody) nobody.hidden = true;
  });
}

if (room && "WebSocket" in window) {
  openStream({
    path: room.dataset.ws,
    lastSeq: shownAt,
    onState: say,
    onFrame(frame) {
      if (frame.type === "announcement") announcement(frame);
      else if (frame.type === "feedback.created") feedback(frame);
    },
  });
}
