// Mentions by name in the reply form. Without this module the form's "Mention a colleague" select mentions the
// member chosen at the start of the reply (forums.forms.PostForm). With it, choosing a name inserts the mention
// where the cursor is, and typing "@" and the first letters of a name offers the matching colleagues.
// A mention is the token @[Display name](id): the post then shows the name, whatever its letters or spaces.
const picker = document.querySelector("select[data-mention-picker]");
const box = picker && picker.form && picker.form.querySelector("textarea[name=body]");

function people() {
  return [...picker.options].filter((o) => o.value).map((o) => ({ id: o.value, name: o.textContent.trim() }));
}

function token(person) {
  return "@[" + person.name.replace(/[[\]]/g, " ") + "](" + person.id + ") ";
}

function insert(person, from, to) {
  const text = box.value;
  box.value = text.slice(0, from) + token(person) + text.slice(to);
  const at = from + token(person).length;
  box.focus();
  box.setSelectionRange(at, at);
  box.dispatchEvent(new Event("input", { bubbles: true })); // drafts are kept as typed (live-thread.js)
}

if (picker && box) {
  picker.addEventListener("change", () => {
    const person = people().find((p) => p.id === picker.value);
    picker.value = "";
    if (person) insert(person, box.selectionStart, box.selectionEnd);
  });

  const list = document.createElement("ul");
  list.className = "mention-suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", picker.labels[0] ? picker.labels[0].textContent : "");
  list.hidden = true;
  box.after(list);
  let query = null; // {from, to} of the "@name" being typed
  let active = 0;

  function close() { list.hidden = true; list.replaceChildren(); query = null; }

  function choose(person) { const q = query; close(); insert(person, q.from, q.to); }

  function suggest() {
    const before = box.value.slice(0, box.selectionStart);
    const match = /(^|[^\w@])@([^\s@[\]()]{1,30})$/u.exec(before);
    if (!match) return close();
    const typed = match[2].toLocaleLowerCase();
    const found = people().filter((p) =>
      p.name.toLocaleLowerCase().split(/\s+/).some((part) => part.startsWith(typed)) ||
      p.name.toLocaleLowerCase().replace(/\s+/g, "").startsWith(typed)).slice(0, 8);
    if (!found.length) return close();
    query = { from: box.selectionStart - match[2].length - 1, to: box.selectionStart };
    active = 0;
    list.replaceChildren(...found.map((person, index) => {
      const item = document.createElement("li");
      item.setAttribute("role", "option");
      item.textContent = person.name; // a name, never HTML
      item.setAttribute("aria-selected", String(index === active));
      item.addEventListener("mousedown", (event) => { event.preventDefault(); choose(person); });
      item.person = person;
      return item;
    }));
    list.hidden = false;
  }

  box.addEventListener("input", (event) => { if (event.isTrusted) suggest(); });
  box.addEventListener("blur", () => setTimeout(close, 150));
  box.addEventListener("keydown", (event) => {
    if (list.hidden) return;
    const items = [...list.children];
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      active = (active + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
      items.forEach((item, index) => item.setAttribute("aria-selected", String(index === active)));
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      choose(items[active].person);
    } else if (event.key === "Escape") {
      close();
    }
  });
}
