// peerlab view, client side: keyboard navigation, clickable rows, expand/collapse, copy, filter forms
// that submit on change, and live refresh of [data-live-region] parts while something is running.
// It only ever moves server-rendered (escaped) markup around; it never builds HTML from data.
(() => {
  "use strict";

  // Rows that link somewhere: a click anywhere but on a link or control follows the row's link.
  document.addEventListener("click", (ev) => {
    const target = ev.target;
    if (!(target instanceof Element)) return;
    if (target.closest("a, button, input, select, summary, details")) return;
    const row = target.closest("tr[data-href]");
    if (row && !window.getSelection()?.toString()) location.href = row.getAttribute("data-href");
  });

  // Copy buttons.
  document.addEventListener("click", (ev) => {
    const b = ev.target instanceof Element ? ev.target.closest("[data-copy]") : null;
    if (!b) return;
    navigator.clipboard?.writeText(b.getAttribute("data-copy") || "").then(() => {
      const was = b.textContent;
      b.textContent = "Copied";
      setTimeout(() => (b.textContent = was), 1200);
    });
  });

  // Expand and collapse every fold on the page.
  const setAll = (open) => document.querySelectorAll("main details").forEach((d) => (d.open = open));
  document.addEventListener("click", (ev) => {
    if (!(ev.target instanceof Element)) return;
    if (ev.target.closest("[data-expand-all]")) setAll(true);
    if (ev.target.closest("[data-collapse-all]")) setAll(false);
  });

  // Filter selects submit their form.
  document.querySelectorAll("form.filters select").forEach((s) => s.addEventListener("change", () => s.form?.requestSubmit()));

  // Keyboard: / search, j/k next/previous transcript item, n/p next/previous episode, e expand/collapse
  // all, d first divergence.
  let expanded = false;
  document.addEventListener("keydown", (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const t = ev.target;
    if (t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) {
      if (ev.key === "Escape") t.blur();
      return;
    }
    if (ev.key === "/") {
      const box = document.querySelector("header.top input[type=search]");
      if (box) {
        ev.preventDefault();
        box.focus();
        box.select();
      }
    } else if (ev.key === "j" || ev.key === "k") {
      const items = [...document.querySelectorAll(".transcript > .item, .aligned .arow:not(.ahead)")];
      if (!items.length) return;
      const y = 80;
      let i = items.findIndex((el) => el.getBoundingClientRect().top > y + 2);
      if (i === -1) i = items.length;
      const next = ev.key === "j" ? items[Math.min(i, items.length - 1)] : items[Math.max(0, i - 2)];
      next.scrollIntoView({ block: "start" });
      window.scrollBy(0, -64);
    } else if (ev.key === "n" || ev.key === "p") {
      const link = document.querySelector(`.stepper a[rel=${ev.key === "n" ? "next" : "prev"}]`);
      if (link) location.href = link.getAttribute("href");
    } else if (ev.key === "e") {
      expanded = !expanded;
      setAll(expanded);
    } else if (ev.key === "d") {
      const d = document.getElementById("divergence");
      if (d) {
        d.scrollIntoView({ block: "start" });
        window.scrollBy(0, -64);
      }
    }
  });

  // Live refresh: while <body data-live> is set, fetch this page again every few seconds and swap in
  // the [data-live-region] elements by id, keeping open folds open. Stops once nothing is live.
  if (document.body.dataset.live === "1") {
    const regions = () => [...document.querySelectorAll("[data-live-region][id]")];
    const tick = async () => {
      if (document.hidden) return schedule();
      try {
        const res = await fetch(location.href, { headers: { Accept: "text/html" }, cache: "no-store" });
        if (!res.ok) return schedule();
        const doc = new DOMParser().parseFromString(await res.text(), "text/html");
        for (const el of regions()) {
          const fresh = doc.getElementById(el.id);
          if (!fresh) continue;
          const open = new Set([...el.querySelectorAll("details[open]")].map((d) => d.closest("[id]")?.id).filter(Boolean));
          const imported = document.importNode(fresh, true);
          imported.querySelectorAll("details").forEach((d) => {
            const id = d.closest("[id]")?.id;
            if (id && open.has(id)) d.open = true;
          });
          el.replaceWith(imported);
        }
        if (doc.body.dataset.live === "1") schedule();
        else document.body.removeAttribute("data-live");
      } catch {
        schedule();
      }
    };
    const schedule = () => setTimeout(tick, 2000);
    schedule();
  }
})();
