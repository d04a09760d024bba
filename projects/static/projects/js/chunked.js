// Resumable uploads for weak rural connections: a chosen file goes up in 512 KB pieces; after a dropped
// connection (or a reload) it continues where the server says it stopped. Then the form is sent with the
// upload's id instead of the file, and the server checks the whole file as usual (network.uploads).
// Without JavaScript, or if anything here fails, the form simply sends the file itself.
const CHUNK = 512 * 1024;
const csrf = () => document.cookie.split("; ").find((c) => c.startsWith("csrftoken="))?.split("=")[1] ?? "";
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function where(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  return response.ok ? (await response.json()).offset : null;
}

async function send(file, startUrl, report) {
  const key = `ortaq-upload:${startUrl}:${file.name}:${file.size}:${file.lastModified}`;
  let upload = JSON.parse(localStorage.getItem(key) || "null");
  let offset = upload ? await where(upload.url) : null;
  if (offset === null) {
    const response = await fetch(startUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(), "Content-Type": "application/json" },
      body: JSON.stringify({ size: file.size }),
    });
    if (!response.ok) throw new Error("refused");
    upload = await response.json();
    offset = 0;
    localStorage.setItem(key, JSON.stringify(upload));
  }
  let failures = 0;
  while (offset < file.size) {
    try {
      const response = await fetch(`${upload.url}?offset=${offset}`, {
        method: "PATCH",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf() },
        body: file.slice(offset, offset + CHUNK),
      });
      if (response.status >= 400 && response.status < 500) throw new Error("refused");
      if (!response.ok) throw new Error("retry");
      offset = (await response.json()).offset;
      failures = 0;
      report(Math.round((100 * offset) / file.size));
    } catch (error) {
      if (error.message === "refused" || ++failures > 8) throw error;
      await wait(Math.min(30000, 500 * 2 ** failures));
      offset = (await where(upload.url).catch(() => null)) ?? offset;
    }
  }
  localStorage.removeItem(key);
  return upload.id;
}

for (const input of document.querySelectorAll("input[type=file][data-chunked]")) {
  const form = input.form;
  const hidden = form?.querySelector("input[name=upload_id]");
  if (!hidden) continue;
  const status = document.createElement("p");
  status.className = "muted";
  status.setAttribute("role", "status");
  input.after(status);
  form.addEventListener("submit", async (event) => {
    const file = input.files[0];
    if (!file) return;
    event.preventDefault();
    try {
      hidden.value = await send(file, input.dataset.chunked, (percent) => { status.textContent = `${percent} %`; });
      input.value = "";
    } catch {
      hidden.value = "";  // fall back to sending the file with the form
    }
    form.submit();
  });
}
