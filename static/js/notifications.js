// Live unread badge: a progressive enhancement over the plain notifications link.
const link = document.querySelector("[data-ws-notifications]");
const badge = link && link.querySelector("[data-unread]");
let delay = 1000;

function show(count) {
  badge.textContent = String(count);
  badge.hidden = count < 1;
}

function connect() {
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  const ws = new WebSocket(scheme + location.host + link.dataset.wsNotifications);
  ws.onopen = () => { delay = 1000; };
  ws.onmessage = (event) => {
    const data = JSON.parse(event.data);
    if (typeof data.unread === "number") show(data.unread);
  };
  ws.onclose = (event) => {
    if (event.code === 4403) return; // signed out: stay quiet
    setTimeout(connect, delay + Math.random() * 1000);
    delay = Math.min(delay * 2, 30000);
  };
}

if (badge && "WebSocket" in window) connect();
