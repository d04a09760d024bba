// Keeps a draft of long text fields in this browser while the teacher types, and restores it after a lost
// connection or a closed tab. The draft stays on the device until the server has the same text: it is dropped
// when a page shows that field with exactly the saved text (the save went through), never at sending time.
const fields = document.querySelectorAll("textarea");
const key = (field) => `ortaq-draft:${location.pathname}:${field.name}`;

for (const field of fields) {
  const saved = localStorage.getItem(key(field));
  if (saved !== null && saved === field.value) localStorage.removeItem(key(field));  // the server has it
  else if (saved && field.value.trim() === "") field.value = saved;
  let timer;
  field.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => localStorage.setItem(key(field), field.value), 800);
  });
  field.form?.addEventListener("submit", () => { clearTimeout(timer); localStorage.setItem(key(field), field.value); });
  const counter = field.form?.querySelector("[data-word-count]");
  if (counter) {
    const show = () => { counter.hidden = false; counter.textContent = `${field.value.trim().split(/\s+/).filter(Boolean).length} / ~800`; };
    field.addEventListener("input", show);
    show();
  }
}

// After a save the server answers with a page saying so (".draft-saved"): the drafts of the form just sent
// (the page we came from) are safe on the server now.
if (document.querySelector(".messages .draft-saved") && document.referrer.startsWith(location.origin)) {
  const prefix = `ortaq-draft:${new URL(document.referrer).pathname}:`;
  for (const name of Object.keys(localStorage)) if (name.startsWith(prefix)) localStorage.removeItem(name);
}
