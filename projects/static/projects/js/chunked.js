// Resumable uploads for weak rural connections: a chosen file goes up in 512 KB pieces; after a dropped
// connection (of any length) or a reload it continues where the server says it stopped. Then the form is sent
// with the upload's id instead of the file, and the server checks the whole file as usual (network.uploads).
// The size limit is checked before anything is sent. A progress bar shows how far it got and says when the
// connection is gone ("offline — will resume"); it never gives up on a lost connection and never sends the
// form while offline, so what was typed stays on the page (and in autosave.js's draft).
// Without JavaScript the form simply sends the file itself.
const CHUNK = 512 * 1024;
const csrf = () => document.cookie.split("; ").find((c) => c.startsWith("csrftoken="))?.split("=")[1] ?? "";
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const online = () => navigator.onLine ? Promise.resolve() : new Promise((resolve) => addEventListener("online", resolve, { once: true }));

class Refused extends Error {}

async function where(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (response.status >= 400 && response.status < 500) throw new Refused("gone");
  return response.ok ? (await response.json()).offset : null;
}

async function send(file, startUrl, report) {
  const key = `ortaq-upload:${startUrl}:${file.name}:${file.size}:${file.lastModified}`;
  let upload = JSON.parse(localStorage.getItem(key) || "null");
  let offset = null;
  let failures = 0;
  for (;;) {  // network errors: wait (for "online" too) and try again, however long the outage
    try {
      if (!navigator.onLine) { report(offset ?? 0, true); await online(); }
      if (upload && offset === null) offset = await where(upload.url).catch((error) => { if (error instanceof Refused) { upload = null; return null; } throw error; });
      if (!upload || offset === null) {
        const response = await fetch(startUrl, {
          method: "POST",
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrf(), "Content-Type": "application/json" },
          body: JSON.stringify({ size: file.size }),
        });
        if (response.status >= 400 && response.status < 500) throw new Refused("refused");
        if (!response.ok) throw new Error("retry");
        upload = await response.json();
        offset = 0;
        localStorage.setItem(key, JSON.stringify(upload));
      }
      while (offset < file.size) {
        report(offset, false);
        const response = await fetch(`${upload.url}?offset=${offset}`, {
          method: "PATCH",
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrf() },
          body: file.slice(offset, offset + CHUNK),
        });
        if (response.status >= 400 && response.status < 500) throw new Refused("refused");
        if (!response.ok) throw new Error("retry");
        offset = (await response.json()).offset;
        failures = 0;
      }
      report(offset, false);
      localStorage.removeItem(key);
      return upload.id;
    } catch (error) {
      if (error instanceof Refused) throw error;
      report(offset ?? 0, true);
      await wait(Math.min(15000, 500 * 2 ** Math.min(++failures, 5)));
      offset = null;  // ask the server where it stopped
    }
  }
}

for (const input of document.querySelectorAll("input[type=file][data-chunked]")) {
  const form = input.form;
  const hidden = form?.querySelector("input[name=upload_id]");
  if (!hidden) continue;
  const box = document.createElement("div");
  box.className = "upload-progress";
  box.hidden = true;
  const bar = document.createElement("progress");
  bar.max = 100;
  bar.value = 0;
  const status = document.createElement("p");
  status.className = "muted";
  status.setAttribute("role", "status");
  box.append(bar, status);
  input.after(box);
  const maxBytes = Number(input.dataset.maxBytes || 0);
  const tooLarge = () => maxBytes && input.files[0] && input.files[0].size > maxBytes;
  const checkSize = () => {
    input.setCustomValidity(tooLarge() ? input.dataset.tooLarge : "");
    if (tooLarge()) { box.hidden = false; bar.hidden = true; status.textContent = input.dataset.tooLarge; }
    else { bar.hidden = false; status.textContent = ""; box.hidden = true; }
  };
  input.addEventListener("change", checkSize);
  let sending = false;
  form.addEventListener("submit", async (event) => {
    const file = input.files[0];
    if (!file) return;
    event.preventDefault();
    if (tooLarge()) { checkSize(); input.reportValidity?.(); return; }
    if (sending) return;
    sending = true;
    box.hidden = false;
    const report = (offset, offline) => {
      const percent = Math.round((100 * offset) / file.size);
      bar.value = percent;
      box.classList.toggle("offline", offline);
      status.textContent = offline ? `${percent} % · ${input.dataset.offline}` : `${input.dataset.uploading} ${percent} %`;
    };
    try {
      hidden.value = await send(file, input.dataset.chunked, report);
      input.value = "";
    } catch {
      hidden.value = "";  // refused by the server: send the file with the form, which shows the reason
    }
    await online();  // never post the form into a dead connection
    form.submit();
  });
}
