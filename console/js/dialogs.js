// Modal dialogs: <dialog>.showModal(), focus kept inside, focus given back on close.
import { messageOf } from "./api.js";
import { byId, showError } from "./dom.js";

const FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])";
const openers = new WeakMap();

/** The elements Tab visits inside a dialog, in order (one radio button per group). */
function tabStops(dialog) {
  const seen = new Set();
  return [...dialog.querySelectorAll(FOCUSABLE)].filter((element) => {
    if (element.disabled || element.closest("[hidden]") || !element.getClientRects().length) return false;
    if (element.type !== "radio") return true;
    const group = dialog.querySelectorAll(`input[type=radio][name="${element.name}"]`);
    const stop = [...group].find((radio) => radio.checked) ?? group[0];
    if (stop !== element || seen.has(element.name)) return false;
    seen.add(element.name);
    return true;
  });
}

function keepFocusInside(event) {
  if (event.key !== "Tab") return;
  const dialog = event.currentTarget;
  const stops = tabStops(dialog);
  if (!stops.length) return;
  const [first, last] = [stops[0], stops.at(-1)];
  const active = document.activeElement;
  const outside = !dialog.contains(active) || active === dialog;
  if (event.shiftKey && (active === first || outside)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || outside)) {
    event.preventDefault();
    first.focus();
  }
}

function giveFocusBack(event) {
  const opener = openers.get(event.currentTarget);
  openers.delete(event.currentTarget);
  if (!opener) return;
  // The opener may have been redrawn (a table row): find its successor by data-focus-id.
  const successor =
    opener.element?.isConnected
      ? opener.element
      : opener.focusId && document.querySelector(`[data-focus-id="${CSS.escape(opener.focusId)}"]`);
  const target = successor && !successor.disabled ? successor : opener.fallback;
  target?.focus();
}

// ------------------------------------------------------------ guarded forms
// A dialog marked data-guard holds a form: Escape on it, once something was typed, asks
// before discarding; Enter on a checkbox or radio button never submits it.
const snapshots = new WeakMap();

function formState(dialog) {
  return JSON.stringify(
    // A list filled in after the dialog opened (data-no-guard) is left out of the snapshot.
    [...dialog.querySelectorAll("input:not([data-no-guard]), select, textarea")].map((field) =>
      field.type === "checkbox" || field.type === "radio" ? field.checked : field.value,
    ),
  );
}

function isDirty(dialog) {
  return snapshots.has(dialog) && snapshots.get(dialog) !== formState(dialog);
}

function askBeforeDiscarding(dialog) {
  const ask = byId("discard-dialog");
  byId("discard-ok").onclick = () => {
    ask.close();
    snapshots.delete(dialog);
    dialog.close();
  };
  openDialog(ask, { opener: document.activeElement, fallback: dialog });
}

function guardKeys(event) {
  const dialog = event.currentTarget;
  if (!dialog.hasAttribute("data-guard")) return;
  const target = event.target;
  if (event.key === "Enter" && (target.type === "checkbox" || target.type === "radio")) {
    event.preventDefault(); // Space ticks a box; Enter must not send a half-made form.
  } else if (event.key === "Escape" && isDirty(dialog)) {
    event.preventDefault(); // Stops the dialog's own cancel.
    askBeforeDiscarding(dialog);
  }
}

function guardCancel(event) {
  // Chromium may send `cancel` without a keydown (the close watcher): same question.
  const dialog = event.currentTarget;
  if (dialog.hasAttribute("data-guard") && isDirty(dialog)) {
    event.preventDefault();
    if (!byId("discard-dialog").open) askBeforeDiscarding(dialog);
  }
}

/** Once, at start: every dialog traps Tab, closes on [data-close], gives focus back. */
export function setUpDialogs() {
  for (const dialog of document.querySelectorAll("dialog")) {
    dialog.addEventListener("keydown", guardKeys);
    dialog.addEventListener("cancel", guardCancel);
    dialog.addEventListener("close", () => snapshots.delete(dialog));
    dialog.addEventListener("keydown", keepFocusInside);
    dialog.addEventListener("close", giveFocusBack);
    for (const button of dialog.querySelectorAll("[data-close]")) {
      button.addEventListener("click", () => dialog.close());
    }
  }
}

/** Opens a dialog modally; `opener` gets focus back when it closes (or `fallback`). */
export function openDialog(dialog, { opener = document.activeElement, fallback = null } = {}) {
  openers.set(dialog, {
    element: opener,
    focusId: opener?.dataset?.focusId ?? null,
    fallback: fallback ?? byId("main"),
  });
  for (const error of dialog.querySelectorAll(".error")) showError(error, "");
  dialog.showModal();
  if (dialog.hasAttribute("data-guard")) snapshots.set(dialog, formState(dialog));
  const initial = dialog.querySelector("[autofocus]") ?? tabStops(dialog)[0];
  initial?.focus();
}

/** Disables a dialog's buttons while `work` runs; shows its failure in the dialog's alert. */
export async function busy(dialog, work) {
  const buttons = [...dialog.querySelectorAll("button")];
  const errorElement = dialog.querySelector(".error");
  showError(errorElement, "");
  buttons.forEach((button) => (button.disabled = true));
  dialog.setAttribute("aria-busy", "true");
  try {
    await work();
    return true;
  } catch (error) {
    showError(errorElement, messageOf(error));
    return false;
  } finally {
    buttons.forEach((button) => (button.disabled = false));
    dialog.removeAttribute("aria-busy");
  }
}

/** A confirmation: runs `action` on confirm, keeps the dialog open with the server's message on failure. */
export function confirmAction({ title, message, confirmLabel, action, opener, fallback }) {
  const dialog = byId("confirm-dialog");
  byId("confirm-title").textContent = title;
  byId("confirm-message").textContent = message;
  const ok = byId("confirm-ok");
  ok.textContent = confirmLabel;
  ok.onclick = async () => {
    if (await busy(dialog, action)) dialog.close();
  };
  openDialog(dialog, { opener, fallback });
}

async function copyText(input) {
  try {
    await navigator.clipboard.writeText(input.value);
    return true;
  } catch {
    input.select();
    return document.execCommand("copy");
  }
}

/** Shows a secret with a Copy button; says so when it will not be shown again. */
export function showSecret({ title, intro, secret, showOnce, opener }) {
  const dialog = byId("secret-dialog");
  byId("secret-title").textContent = title;
  byId("secret-intro").textContent = intro;
  byId("secret-value").value = secret;
  byId("secret-once").hidden = !showOnce;
  byId("secret-status").textContent = "";
  byId("secret-copy").onclick = async () => {
    const copied = await copyText(byId("secret-value"));
    byId("secret-status").textContent = copied
      ? "Copied to the clipboard."
      : "Could not copy: select the secret and copy it by hand.";
  };
  openDialog(dialog, { opener });
  // Once closed, the secret leaves the page.
  dialog.addEventListener("close", () => (byId("secret-value").value = ""), { once: true });
}
