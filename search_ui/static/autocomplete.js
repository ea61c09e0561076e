// Autocomplete for the search box, as a WAI-ARIA combobox with a listbox popup.
// Progressive enhancement: without this file the form is a plain search form.
// Choosing a suggestion goes to that service (its /go link); Enter without a
// chosen suggestion submits the form as usual. Titles are crawled text, so they
// are only ever inserted with textContent.
(function () {
  "use strict";

  const input = document.getElementById("q");
  if (!input || !input.dataset.suggestUrl || !window.fetch || !window.AbortController) return;

  const MIN_CHARS = 2; // one Persian letter starts too many titles to help
  const DELAY_MS = 150; // wait for a pause in typing
  const LIMIT = 8;
  const maxChars = Number(input.dataset.suggestMax) || 100;
  const faDigits = (n) => String(n).replace(/\d/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[d]);

  const list = document.createElement("ul");
  list.id = "q-suggestions";
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "پیشنهادهای خدمت");
  list.hidden = true;
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  input.parentElement.append(list, status);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  let entries = [];
  let active = -1;
  let timer = 0;
  let pending = null;

  function isOpen() {
    return !list.hidden;
  }

  function open() {
    if (!entries.length) return;
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    highlight(-1);
  }

  function highlight(index) {
    active = index;
    Array.from(list.children).forEach((item, i) => {
      item.setAttribute("aria-selected", String(i === index));
    });
    if (index < 0) {
      input.removeAttribute("aria-activedescendant");
      return;
    }
    const item = list.children[index];
    input.setAttribute("aria-activedescendant", item.id);
    item.scrollIntoView({ block: "nearest" });
  }

  function choose(index) {
    const entry = entries[index];
    if (!entry || !/^\/go\/[\w-]+$/.test(entry.go_url)) return;
    close();
    window.location.assign(entry.go_url);
  }

  function show(found) {
    entries = found;
    list.replaceChildren(
      ...found.map((entry, i) => {
        const item = document.createElement("li");
        item.id = "q-suggestion-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        const title = document.createElement("span");
        title.className = "suggestion-title";
        title.textContent = entry.title;
        const agency = document.createElement("span");
        agency.className = "suggestion-agency";
        agency.textContent = entry.agency;
        item.append(title, agency);
        // mousedown would blur the input (closing the list) before the click lands
        item.addEventListener("mousedown", (event) => event.preventDefault());
        item.addEventListener("click", () => choose(i));
        return item;
      }),
    );
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (found.length) {
      open();
      status.textContent = faDigits(found.length) + " پیشنهاد؛ با کلیدهای بالا و پایین انتخاب کنید.";
    } else {
      close();
      status.textContent = "";
    }
  }

  function cancel() {
    clearTimeout(timer);
    if (pending) pending.abort();
    pending = null;
  }

  function fetchSuggestions() {
    cancel();
    const text = input.value.trim();
    if (text.length < MIN_CHARS || text.length > maxChars) {
      show([]);
      return;
    }
    const request = new AbortController();
    pending = request;
    const url = input.dataset.suggestUrl + "?" + new URLSearchParams({ q: text, limit: LIMIT });
    fetch(url, { signal: request.signal, headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : []))
      .then((found) => {
        // a late answer for text that has since changed, or after leaving the box, is dropped
        if (pending === request && document.activeElement === input) show(found);
      })
      .catch(() => {}); // aborted or offline: the plain search still works
  }

  input.addEventListener("input", () => {
    cancel();
    timer = setTimeout(fetchSuggestions, DELAY_MS);
  });

  input.addEventListener("keydown", (event) => {
    if (event.isComposing) return;
    const count = entries.length;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!isOpen()) {
          if (count) {
            open();
            highlight(event.altKey ? -1 : 0);
          } else {
            fetchSuggestions();
          }
        } else if (!event.altKey) {
          highlight((active + 1) % count);
        }
        break;
      case "ArrowUp":
        if (isOpen()) {
          event.preventDefault();
          highlight(active <= 0 ? count - 1 : active - 1);
        }
        break;
      case "Enter":
        if (isOpen() && active >= 0) {
          event.preventDefault();
          choose(active);
        } else {
          cancel();
          close();
        }
        break;
      case "Escape":
        if (isOpen()) {
          event.preventDefault(); // and keep the text (a search box would clear it)
          close();
        }
        break;
      case "ArrowLeft":
      case "ArrowRight":
      case "Home":
      case "End":
        highlight(-1); // editing the text again
        break;
      default:
        break;
    }
  });

  input.addEventListener("blur", () => {
    cancel();
    close();
  });
  // coming back with the browser's Back button restores the page as it was left
  window.addEventListener("pageshow", close);
})();
