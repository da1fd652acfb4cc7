// Small DOM helpers: elements built from data (never from HTML strings), the toast, a pager.

/** h("td", { class: "x", dataset: { id } }, child, "text") */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") element.className = value;
    else if (name === "dataset") Object.assign(element.dataset, value);
    else if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

export function byId(id) {
  return document.getElementById(id);
}

let toastTimer = 0;

/** A short message in the polite live region; errors are announced the same way. */
export function toast(message, { error = false } = {}) {
  const region = byId("toast");
  region.textContent = message;
  region.classList.toggle("toast-error", error);
  region.classList.add("visible");
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => region.classList.remove("visible"), error ? 8000 : 4000);
}

/** A message in a role="alert" paragraph; an empty message hides it. */
export function showError(element, message) {
  element.textContent = message ?? "";
}

/** Forward keyset paging over a connection: a stack of `after` cursors. */
export class Pager {
  constructor(root, load, { noun = "items" } = {}) {
    this.cursors = [null];
    this.pageSize = 20;
    this.load = load;
    this.noun = noun;
    this.previous = h("button", { type: "button", class: "secondary", onclick: () => this.go(-1) }, "Previous");
    this.next = h("button", { type: "button", class: "secondary", onclick: () => this.go(1) }, "Next");
    this.label = h("span", { class: "muted", "aria-live": "polite" });
    this.endCursor = null;
    root.replaceChildren(this.previous, this.label, this.next);
  }

  get after() {
    return this.cursors.at(-1);
  }

  reset() {
    this.cursors = [null];
  }

  async go(step) {
    if (step > 0 && this.endCursor) this.cursors.push(this.endCursor);
    if (step < 0 && this.cursors.length > 1) this.cursors.pop();
    await this.load();
  }

  update(connection) {
    const shown = connection.edges.length;
    const start = (this.cursors.length - 1) * this.pageSize;
    this.endCursor = connection.pageInfo.endCursor;
    this.previous.disabled = this.cursors.length === 1;
    this.next.disabled = !connection.pageInfo.hasNextPage;
    this.label.textContent =
      connection.totalCount === 0
        ? `No ${this.noun}`
        : `${shown ? start + 1 : start}–${start + shown} of ${connection.totalCount} ${this.noun}`;
    // A page emptied by deletions: step back to one that has rows.
    if (shown === 0 && this.cursors.length > 1) this.go(-1);
  }
}
