// Registers the service worker that keeps opened case studies readable offline (progressive: pages work without it).
if ("serviceWorker" in navigator && window.isSecureContext) {
  navigator.serviceWorker.register("/sw.js", { scope: "/", type: "classic" }).catch(() => {});
}
