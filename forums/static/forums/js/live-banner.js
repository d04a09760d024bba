// The latest announcement of a network event, live on every page of the event (gallery, posters, feedback forms).
// Without this module the page shows the latest announcement the server knew of; with it the room's stream
// (docs/websocket-protocol.md, /ws/events/<slug>/) brings the next ones. Plain text only, never HTML.
import { openStream } from "../../js/live-socket.js";

const banner = document.querySelector("#event-banner[data-ws]");

function show(frame) {
  banner.querySelector("[data-text]").textContent = frame.text;
  banner.querySelector("[data-author]").textContent = frame.author || "";
  banner.querySelector("[data-live]").textContent = frame.text; // read out by screen readers
  banner.hidden = false;
}

if (banner && "WebSocket" in window) {
  openStream({
    path: banner.dataset.ws,
    lastSeq: Number(banner.dataset.lastSeq || 0),
    onFrame(frame) {
      if (frame.type === "announcement") show(frame); // feedback frames are for the room and the dashboard
    },
  });
}
