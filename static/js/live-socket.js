// One live stream (docs/websocket-protocol.md), shared by live-thread.js and live-room.js:
// on every (re)connect it sends {"type": "resume", "after": <newest seq seen>}, so the server replays what was
// missed; it reconnects with exponential backoff and jitter, waits for the browser to be online, and stops on
// 4403 (may not read) and 4404 (no such stream): nothing to retry. 4429 (too many connections) waits longer.
export function openStream({ path, lastSeq = 0, onFrame, onOpen, onState }) {
  let socket = null;
  let delay = 1000;
  let seq = lastSeq;
  const state = onState || (() => {});

  function connect() {
    if (!navigator.onLine) { state("offline"); return; }
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const ws = new WebSocket(scheme + location.host + path);
    socket = ws;
    ws.onopen = () => {
      delay = 1000;
      state(null);
      ws.send(JSON.stringify({ type: "resume", after: seq }));
      if (onOpen) onOpen();
    };
    ws.onmessage = (message) => {
      let frame;
      try { frame = JSON.parse(message.data); } catch { return; }
      if (typeof frame.seq === "number" && frame.seq > seq) seq = frame.seq;
      onFrame(frame);
    };
    ws.onclose = (event) => {
      if (socket !== ws) return;
      socket = null;
      if (event.code === 4403 || event.code === 4404) return;
      if (event.code === 4429) delay = Math.max(delay, 15000);
      state("reconnecting");
      if (!navigator.onLine) return; // the "online" event reconnects
      // Exponential backoff with jitter, so a village's phones do not all reconnect at once.
      setTimeout(connect, delay / 2 + Math.random() * delay);
      delay = Math.min(delay * 2, 30000);
    };
  }

  window.addEventListener("offline", () => {
    state("offline");
    if (socket) { const ws = socket; socket = null; ws.close(); }
  });
  window.addEventListener("online", () => {
    delay = 1000;
    if (!socket) connect();
  });
  connect();

  return {
    get lastSeq() { return seq; },
    /** Send a frame if the socket is open; false if it is not (the caller keeps it for later). */
    send(frame) {
      if (!socket || socket.readyState !== WebSocket.OPEN) return false;
      socket.send(JSON.stringify(frame));
      return true;
    },
  };
}
