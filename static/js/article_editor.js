/* The article's change form in the admin: an outline of its sections, each section folded to one
   line, text boxes that grow with their text and count its words, and a question before leaving
   the page with changes not saved.

   Everything here is added to a form that works without it: without JavaScript every section is
   open, there is no outline, and the server still refuses a save over someone else's
   (articles.edit_conflicts). Plain ES2020, no dependency; django-admin-sortable2 moves the
   sections (drag, "Placer en premier / en dernier") and Django's inlines.js adds and removes
   them: both only change the page, which this script watches. */
"use strict";

(() => {
  const form = document.getElementById("article_form");
  const group = document.getElementById("sections-group");
  const outline = document.getElementById("plan");
  if (!form || !group || !outline) return;
  const list = group.querySelector("fieldset");

  // What a count waits for: the end of a burst of typing, not each key.
  const PAUSE_MS = 400;
  const EXCERPT_WORDS = 12;
  // A word as the server's content checks count one (articles/readability.py): a run without
  // spaces holding a letter or a digit. Citations ([^3]) and link addresses are not words.
  const WORD = /\S*[\p{L}\p{N}]\S*/gu;
  const numbers = new Intl.NumberFormat("fr-FR");
  const sizesItself = window.CSS && CSS.supports("field-sizing", "content");

  const readable = (markdown) => markdown.replace(/\[\^\d+\]/g, " ").replace(/\]\([^)]*\)/g, "]");
  const wordsIn = (markdown) => (readable(markdown).match(WORD) || []).length;
  const wordsLabel = (count) => `${numbers.format(count)} mot${count > 1 ? "s" : ""}`;

  const sectionRows = () => [...list.querySelectorAll(":scope > .inline-related:not(.empty-form)")];
  const field = (row, name) => row.querySelector(`[name$="-${name}"]`);
  const isDeleted = (row) => Boolean(field(row, "DELETE")?.checked);
  const levelOf = (row) => (field(row, "level")?.value === "3" ? 3 : 2);
  const headingOf = (row) => field(row, "heading")?.value.trim() || "(sans titre)";
  const toggleOf = (row) => row.querySelector(".fold-toggle");

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // A polite message for what a click changed out of sight (a section moved, all folded).
  const status = element("p", "visually-hidden");
  status.setAttribute("role", "status");
  function announce(message) {
    status.textContent = "";
    window.setTimeout(() => { status.textContent = message; }, 50);
  }

  /* Text boxes: grow with their text (CSS field-sizing where the browser has it), and a word
     count next to each, which the box names as its description. */

  const countedBoxes = new Set();

  function grow(textarea) {
    if (sizesItself || textarea.offsetParent === null) return;
    textarea.style.height = "auto";
    textarea.style.height = `${textarea.scrollHeight + textarea.offsetHeight - textarea.clientHeight}px`;
  }

  function countWords(textarea) {
    if (!textarea || countedBoxes.has(textarea)) return;
    countedBoxes.add(textarea);
    textarea.classList.add("grows");
    const count = element("p", "word-count", wordsLabel(wordsIn(textarea.value)));
    count.id = `${textarea.id}-mots`;
    (textarea.closest(".flex-container") || textarea).after(count);
    const described = textarea.getAttribute("aria-describedby");
    textarea.setAttribute("aria-describedby", described ? `${described} ${count.id}` : count.id);
    textarea.addEventListener("input", () => grow(textarea));
    grow(textarea);
  }

  function refreshCounts() {
    let total = 0;
    for (const textarea of countedBoxes) {
      if (!textarea.isConnected) {
        countedBoxes.delete(textarea);
        continue;
      }
      const count = wordsIn(textarea.value);
      const row = textarea.closest(".section-form");
      if (!row || !isDeleted(row)) total += count;
      const label = document.getElementById(`${textarea.id}-mots`);
      if (label) label.textContent = wordsLabel(count);
    }
    totals.forEach((node) => { node.textContent = `Article : ${wordsLabel(total)} (introduction, sections et conclusion)`; });
  }

  /* Sections folded to one line (level, title, first words, teaser, words, warnings), and the
     introduction and the conclusion the same way (name, first words, words). */

  const warnings = new Map();
  for (const item of document.querySelectorAll(".content-warnings [data-section-key]")) {
    const messages = warnings.get(item.dataset.sectionKey) || [];
    messages.push(item.firstChild.textContent.trim());
    warnings.set(item.dataset.sectionKey, messages);
  }

  function excerptOf(markdown) {
    const pieces = readable(markdown).split(/\s+/).filter(Boolean);
    return `${pieces.slice(0, EXCERPT_WORDS).join(" ")}${pieces.length > EXCERPT_WORDS ? "…" : ""}`;
  }

  function sectionSummary(row) {
    const body = field(row, "body")?.value || "";
    const words = readable(body).match(WORD) || [];
    const teaser = field(row, "read_also");
    const facts = [];
    if (teaser && teaser.value) facts.push(`À lire aussi : ${teaser.selectedOptions[0]?.textContent.trim() || "un article"}`);
    facts.push(wordsLabel(words.length));
    const warned = (warnings.get(row.dataset.sectionKey) || []).length;
    if (warned) facts.push(`${warned} avertissement${warned > 1 ? "s" : ""}`);
    if (row.querySelector(".errorlist")) facts.push("à corriger");
    if (isDeleted(row)) facts.push("sera supprimée");
    return { level: `H${levelOf(row)}`, heading: headingOf(row), excerpt: excerptOf(body), facts: facts.join(" · ") };
  }

  function textSummary(row) {
    const text = row.querySelector("textarea").value;
    const facts = [wordsLabel(wordsIn(text))];
    if (row.querySelector(".errorlist")) facts.push("à corriger");
    return { level: "", heading: row.dataset.foldName, excerpt: excerptOf(text), facts: facts.join(" · ") };
  }

  function refreshSummary(row) {
    const toggle = toggleOf(row);
    if (!toggle) return;
    const section = row.classList.contains("section-form");
    const parts = section ? sectionSummary(row) : textSummary(row);
    for (const name of ["level", "heading", "excerpt", "facts"]) {
      toggle.querySelector(`.fold-${name}`).textContent = parts[name];
    }
    if (!section) return;
    row.classList.toggle("is-h3", parts.level === "H3");
    row.classList.toggle("is-deleted", isDeleted(row));
  }

  function setOpen(row, open) {
    const toggle = toggleOf(row);
    if (!toggle) return;
    toggle.setAttribute("aria-expanded", String(open));
    document.getElementById(toggle.getAttribute("aria-controls")).hidden = !open;
    row.classList.toggle("is-collapsed", !open);
    if (open) row.querySelectorAll("textarea.grows").forEach(grow);
    else refreshSummary(row);
  }

  function needsOpening(row) {
    if (row.querySelector(".errorlist, .errors")) return true;
    if (!row.classList.contains("section-form")) return false;
    return !row.classList.contains("has_original") || warnings.has(row.dataset.sectionKey);
  }

  // The move icons of django-admin-sortable2 answer clicks only: made reachable and pressable.
  // `describe` names what moved, for the announcement.
  function keyboardMoves(row, describe = () => `Section « ${headingOf(row)} »`) {
    for (const icon of row.querySelectorAll(".sort i[role=button]")) {
      icon.tabIndex = 0;
      icon.addEventListener("keydown", (event) => {
        if (event.key !== "Enter" && event.key !== " ") return;
        event.preventDefault();
        icon.click();
      });
      icon.addEventListener("click", () => {
        icon.focus(); // the row was taken out and put back: the focus would fall to the page
        const where = icon.classList.contains("move-begin") ? "en premier" : "en dernier";
        announce(`${describe()} placée ${where}.`);
      });
    }
  }

  function foldToggle(row, fields) {
    const toggle = element("button", "fold-toggle");
    toggle.type = "button";
    toggle.setAttribute("aria-controls", fields.id);
    toggle.append(
      element("span", "fold-level"),
      element("span", "fold-heading"),
      element("span", "fold-excerpt"),
      element("span", "fold-facts"),
    );
    toggle.addEventListener("click", () => setOpen(row, toggle.getAttribute("aria-expanded") !== "true"));
    return toggle;
  }

  function enhance(row) {
    if (toggleOf(row)) return;
    const fields = row.querySelector(".section-fields");
    const label = row.querySelector("h3 .section-label");
    if (!fields || !label) return;
    label.replaceWith(foldToggle(row, fields));
    const messages = warnings.get(row.dataset.sectionKey) || [];
    if (messages.length) {
      const box = element("ul", "section-warnings");
      messages.forEach((message) => box.append(element("li", "", `Avertissement : ${message}`)));
      fields.prepend(box);
    }
    countWords(field(row, "body"));
    keyboardMoves(row);
    refreshSummary(row);
    setOpen(row, needsOpening(row));
  }

  // The introduction and the conclusion: a bar of their own above the label and the box.
  function enhanceText(row) {
    const fields = row.firstElementChild;
    const textarea = row.querySelector("textarea");
    const label = row.querySelector("label");
    if (!fields || !textarea || !label) return;
    row.classList.add("text-form");
    row.id = `texte-${textarea.name}`;
    row.dataset.foldName = label.textContent.replace(/\s*:\s*$/, "").trim();
    fields.id = `${textarea.id}-champ`;
    const bar = element("div", "fold-bar");
    bar.append(foldToggle(row, fields));
    row.prepend(bar);
    countWords(textarea);
    refreshSummary(row);
    setOpen(row, needsOpening(row));
  }

  const textRows = () => [...form.querySelectorAll(".form-row.text-form")];
  const foldRows = () => [...textRows(), ...sectionRows()];

  function setAll(open) {
    foldRows().forEach((row) => setOpen(row, open));
    announce(open ? "Toutes les sections sont dépliées." : "Toutes les sections sont repliées.");
  }

  /* The outline: H2 and, under each, its H3, like the reader's "Sommaire"; each entry opens its
     section and puts the focus in its title. */

  const totals = [];
  let outlineList = null;

  function outlineEntry(row, text) {
    const item = element("li");
    const link = element("a", "", text);
    link.href = `#${row.id}`;
    item.append(link);
    return item;
  }

  function buildOutline() {
    if (!outlineList) return;
    const fresh = element("ol", "outline-list");
    const [introduction, conclusion] = textRows();
    if (introduction) fresh.append(outlineEntry(introduction, introduction.dataset.foldName));
    let lastH2 = null;
    for (const row of sectionRows()) {
      if (isDeleted(row)) continue;
      const item = outlineEntry(row, headingOf(row));
      if (levelOf(row) === 3 && lastH2) {
        let sublist = lastH2.querySelector("ol");
        if (!sublist) sublist = lastH2.appendChild(element("ol"));
        sublist.append(item);
      } else {
        if (levelOf(row) === 3) item.className = "outline-h3"; // an H3 before any H2: a content warning too
        fresh.append(item);
        if (levelOf(row) === 2) lastH2 = item;
      }
    }
    if (!sectionRows().length) fresh.append(element("li", "", "Aucune section pour l’instant."));
    if (conclusion) fresh.append(outlineEntry(conclusion, conclusion.dataset.foldName));
    outlineList.replaceWith(fresh);
    outlineList = fresh;
  }

  function goTo(row) {
    setOpen(row, true);
    row.scrollIntoView({ block: "start" });
    (row.querySelector("[name$='-heading'], textarea") || toggleOf(row)).focus({ preventScroll: true });
  }

  function setUpOutline() {
    const total = element("p", "outline-words");
    totals.push(total);
    outlineList = element("ol");
    outline.append(toolbar(), total, outlineList);
    outline.addEventListener("click", (event) => {
      const link = event.target.closest("a[href^='#']");
      const row = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!row) return;
      event.preventDefault();
      goTo(row);
    });
    outline.hidden = false;
    outline.parentElement.classList.add("has-outline");
  }

  // "Tout déplier / Tout replier": the introduction, the sections and the conclusion.
  function toolbar() {
    const bar = element("div", "fold-all");
    const openAll = element("button", "button", "Tout déplier");
    const closeAll = element("button", "button", "Tout replier");
    openAll.type = closeAll.type = "button";
    openAll.addEventListener("click", () => setAll(true));
    closeAll.addEventListener("click", () => setAll(false));
    bar.append(openAll, closeAll, status);
    return bar;
  }

  /* Keeping up with the page: typing (counts on a pause, outline at once), sections moved, added
     or removed. */

  let countTimer = 0;
  let outlineFrame = 0;
  const laterCounts = () => {
    window.clearTimeout(countTimer);
    countTimer = window.setTimeout(refreshCounts, PAUSE_MS);
  };
  const soonOutline = () => {
    window.cancelAnimationFrame(outlineFrame);
    outlineFrame = window.requestAnimationFrame(buildOutline);
  };

  form.addEventListener("input", (event) => {
    if (event.target.matches("textarea")) laterCounts();
    if (event.target.matches("[name$='-heading'], [name$='-level']")) soonOutline();
  });
  form.addEventListener("change", (event) => {
    const row = event.target.closest(".section-form");
    if (!row) return;
    if (event.target.matches("[name$='-level'], [name$='-DELETE']")) {
      soonOutline();
      refreshSummary(row);
      laterCounts();
    }
  });
  new MutationObserver(() => {
    sectionRows().forEach(enhance);
    soonOutline();
    laterCounts();
  }).observe(list, { childList: true });

  // A warning's link to its section opens it first.
  document.addEventListener("click", (event) => {
    const link = event.target.closest(".content-warnings a[href^='#section-']");
    const target = link && document.getElementById(link.getAttribute("href").slice(1));
    const row = target && target.closest(".section-form");
    if (!row) return;
    event.preventDefault();
    goTo(row);
  });

  /* Leaving with changes not saved: the browser asks first. "Changed" means the form would send
     something else than when the page was shown: moving a section and putting it back is no
     change, so the positions sortable2 renumbers are left out and the order of the fields
     stands for the order of the sections. A form the server sent back (refused, or with an
     error) holds what was not saved from the start. */

  function formState() {
    const parts = [];
    for (const control of form.elements) {
      if (!control.name || control.disabled || control.classList.contains("_reorder_")) continue;
      if (["submit", "button", "file", "reset"].includes(control.type)) continue;
      if (control.type === "checkbox" || control.type === "radio") parts.push(`${control.name}=${control.checked}`);
      else if (control.tagName === "SELECT") parts.push(`${control.name}=${[...control.selectedOptions].map((o) => o.value)}`);
      else parts.push(`${control.name}=${control.value}`);
    }
    return parts.join("\u0000");
  }

  function watchUnsaved() {
    const sentBack = form.querySelector(".errornote") !== null;
    const shown = formState();
    let submitting = false;
    form.addEventListener("submit", () => { submitting = true; });
    window.addEventListener("pageshow", (event) => { if (event.persisted) submitting = false; });
    window.addEventListener("beforeunload", (event) => {
      if (submitting || (!sentBack && formState() === shown)) return;
      event.preventDefault();
      event.returnValue = ""; // older browsers ask only when this is set
    });
  }

  for (const name of ["introduction", "conclusion"]) {
    const row = form.querySelector(`.form-row.field-${name}`);
    if (row) enhanceText(row);
  }
  sectionRows().forEach(enhance);
  // The same icons on the rows of the authors, topics and sources tables.
  for (const row of form.querySelectorAll("fieldset.sortable tr.has_original")) {
    keyboardMoves(row, () => `Ligne « ${row.querySelector("td.original p")?.textContent.trim() || ""} »`);
  }
  setUpOutline();
  buildOutline();
  refreshCounts();
  watchUnsaved();
})();
