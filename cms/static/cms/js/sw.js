/* Ortaq service worker: case studies the reader opened, readable offline; an offline page for the rest.
   Never stores private pages, accounts, admin, "my" pages, POSTs, or responses marked private/no-store. */
const CACHE = "ortaq-reading-v1";
const LANGS = ["kk", "ru", "en"];
const OFFLINE = (lang) => `/${lang}/offline/`;
const KEEP = /^\/(kk|ru|en)\/case-studies\/.+/;
const NEVER = /^\/(admin|accounts|my|ws)\/|^\/(kk|ru|en)\/my\//;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(LANGS.map(OFFLINE))).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

function storable(response) {
  const control = (response.headers.get("Cache-Control") || "").toLowerCase();
  return response.ok && response.type === "basic" && !/private|no-store/.test(control);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || NEVER.test(url.pathname)) return;
  if (url.pathname.startsWith("/static/")) {
    // Hashed, immutable files: keep the ones pages used, so saved pages look right offline.
    event.respondWith(
      caches.match(request).then((saved) => saved || fetch(request).then((response) => {
        if (storable(response)) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })),
    );
    return;
  }
  if (request.mode !== "navigate") return;
  const lang = LANGS.find((code) => url.pathname.startsWith(`/${code}/`)) || "kk";
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (KEEP.test(url.pathname) && storable(response)) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() =>
        caches.match(request).then((saved) => saved || caches.match(OFFLINE(lang))),
      ),
  );
});
