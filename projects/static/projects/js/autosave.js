// Keeps a draft of long text fields in this browser while the teacher types, and restores it after a lost
// connection or a closed tab. The server copy is saved (as a Wagtail revision) only when the form is sent.
const fields = document.querySelectorAll("textarea");
const key = (field) => `ortaq-draft:${location.pathname}:${field.name}`;

for (const field of fields) {
  const saved = localStorage.getItem(key(field));
  if (saved && saved !== field.value && field.value.trim() === "") field.value = saved;
  let timer;
  field.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => localStorage.setItem(key(field), field.value), 800);
  });
  const counter = field.form?.querySelector("[data-word-count]");
  if (counter) {
    const show = () => { counter.hidden = false; counter.textContent = `${field.value.trim().split(/\s+/).filter(Boolean).length} / ~800`; };
    field.addEventListener("input", show);
    show();
  }
}
for (const form of new Set([...fields].map((f) => f.form).filter(Boolean))) {
  form.addEventListener("submit", () => {
    for (const field of form.querySelectorAll("textarea")) localStorage.removeItem(key(field));
  });
}
