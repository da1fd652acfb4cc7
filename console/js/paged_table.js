// A section's table of one connection, a page at a time: its rows, the pager, its error.
import { messageOf } from "./api.js";
import { byId, h, Pager, showError } from "./dom.js";

/**
 * The section's `${name}-table`, `${name}-error` and `${name}-pager`. `load()` shows the page
 * that `fetch({ first, after })` resolves to (a connection), each node as `row(node)`, or a row
 * saying `empty` when there is none and `empty` is given.
 */
export function pagedTable(name, { fetch, row, noun, empty = null }) {
  const table = byId(`${name}-table`);
  const errorElement = byId(`${name}-error`);
  const pager = new Pager(byId(`${name}-pager`), load, { noun });

  async function load() {
    table.setAttribute("aria-busy", "true");
    try {
      const connection = await fetch({ first: pager.pageSize, after: pager.after });
      showError(errorElement, "");
      const rows = connection.edges.map(({ node }) => row(node));
      if (!rows.length && empty) rows.push(emptyRow(table, empty));
      labelCells(table, rows);
      table.tBodies[0].replaceChildren(...rows);
      pager.update(connection);
    } catch (error) {
      showError(errorElement, messageOf(error));
    } finally {
      table.removeAttribute("aria-busy");
    }
  }

  return { load, pager };
}

function emptyRow(table, text) {
  const columns = table.tHead.rows[0].cells.length;
  return h("tr", {}, h("td", { colspan: columns, class: "empty" }, text));
}

/** Each cell names its column (data-label): the narrow layout shows it beside the value. */
function labelCells(table, rows) {
  const labels = [...table.tHead.rows[0].cells].map((cell) => cell.textContent.trim());
  for (const row of rows) {
    [...row.cells].forEach((cell, index) => {
      if (labels[index] && cell.colSpan === 1) cell.dataset.label = labels[index];
    });
  }
}
