// followthrough's web UI: autosave, the decision date read as you type, people added and removed,
// and confirmations. Plain JavaScript, no build step; served from /static (no inline script: CSP).
"use strict";

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
});

(function debriefForm() {
  const form = document.getElementById("debrief");
  if (!form) return;
  const status = document.getElementById("saved");
  const people = document.getElementById("people");
  const template = document.getElementById("person-template");
  let timer = null;
  let dirty = false;
  let nextIndex = people.querySelectorAll(".person").length;
  // The spare empty row is for browsers without JavaScript; here "Add someone" does its job.
  people.querySelectorAll(".person.spare").forEach((row) => row.remove());

  const body = () => new URLSearchParams(new FormData(form));
  const say = (text) => { status.textContent = text; };

  function save() {
    clearTimeout(timer);
    timer = null;
    if (!dirty) return;
    dirty = false;
    say("Saving…");
    fetch(form.dataset.save, { method: "POST", body: body(), credentials: "same-origin" })
      .then((response) => {
        if (!response.ok) throw new Error(String(response.status));
        say("Saved at " + new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" }));
      })
      .catch(() => { dirty = true; say("Not saved yet: trying again"); timer = setTimeout(save, 3000); });
  }

  function changed() {
    dirty = true;
    say("Editing…");
    clearTimeout(timer);
    timer = setTimeout(save, 600);
  }

  form.addEventListener("input", changed);
  form.addEventListener("submit", () => { clearTimeout(timer); dirty = false; });
  // Closing the tab: one last save that survives the page going away.
  window.addEventListener("pagehide", () => {
    if (dirty) navigator.sendBeacon(form.dataset.save, body());
    dirty = false;
  });

  document.getElementById("add-person").addEventListener("click", () => {
    const row = template.content.firstElementChild.cloneNode(true);
    row.querySelectorAll("[name]").forEach((el) => { el.name = el.name.replace("__i__", String(nextIndex)); });
    nextIndex += 1;
    people.appendChild(row);
    row.querySelector("input").focus();
  });
  people.addEventListener("input", (event) => {
    if (!event.target.name.endsWith("-name")) return;
    event.target.closest(".person").querySelector("legend").textContent = event.target.value || "Someone else you met";
  });
  people.addEventListener("click", (event) => {
    const button = event.target.closest("button.remove");
    if (!button) return;
    button.closest(".person").remove();
    changed();
  });

  // Each answer beside the sentence it becomes in the note, as it is typed.
  form.querySelectorAll("output.sentence").forEach((out) => {
    const input = document.getElementById("q-" + out.dataset.field);
    let asking = 0;
    let pause = null;
    input.addEventListener("input", () => {
      clearTimeout(pause);
      pause = setTimeout(() => {
        const mine = ++asking;
        const url = form.dataset.sentence + "?" + new URLSearchParams({ field: out.dataset.field, text: input.value });
        fetch(url, { credentials: "same-origin" })
          .then((response) => response.json())
          .then((read) => { if (mine === asking) out.textContent = read.sentence; })
          .catch(() => {});
      }, 250);
    });
  });

  // The decision date: their words on the left, the date followthrough reads on the right.
  const words = document.getElementById("q-decision_by");
  const shown = document.getElementById("decision-read");
  let asked = 0;
  let wait = null;
  words.addEventListener("input", () => {
    clearTimeout(wait);
    wait = setTimeout(() => {
      const mine = ++asked;
      const url = form.dataset.decision + "?" + new URLSearchParams({ text: words.value });
      fetch(url, { credentials: "same-origin" })
        .then((response) => response.json())
        .then((reading) => {
          if (mine !== asked) return; // an older answer arriving late
          shown.querySelector(".date").textContent = reading.label;
          shown.querySelector("small").textContent = reading.how;
          shown.className = reading.read ? "read" : "default";
          shown.dataset.date = reading.date;
        })
        .catch(() => {});
    }, 200);
  });
})();
