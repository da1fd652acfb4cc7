// Sudo mode: when the API answers SUDO_REQUIRED, ask for the password, confirm it with
// confirmPassword, and let api.js run the refused operation again.
import { ApiError, graphql, messageOf, onSudoRequired } from "./api.js";
import { openDialog } from "./dialogs.js";
import { byId, showError } from "./dom.js";

const CONFIRM = `mutation ConsoleConfirmPassword($password: String!) { confirmPassword(password: $password) }`;

let pending = null;

function ask() {
  const dialog = byId("sudo-dialog");
  const form = byId("sudo-form");
  return new Promise((resolve) => {
    let confirmed = false;
    form.reset();
    form.onsubmit = async (event) => {
      event.preventDefault();
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      try {
        await graphql(CONFIRM, { password: byId("sudo-password").value });
        confirmed = true;
        dialog.close();
      } catch (error) {
        showError(byId("sudo-error"), error instanceof ApiError && error.code === "BAD_USER_INPUT"
          ? "Wrong password." : messageOf(error));
        byId("sudo-password").select();
      } finally {
        button.disabled = false;
      }
    };
    dialog.addEventListener("close", () => {
      byId("sudo-password").value = "";
      resolve(confirmed);
    }, { once: true });
    const under = [...document.querySelectorAll("dialog[open]")].at(-1);
    openDialog(dialog, { opener: document.activeElement, fallback: under ?? byId("main") });
  });
}

/** Once, at start. Concurrent refusals share one question. */
export function setUpSudo() {
  onSudoRequired(() => {
    pending ??= ask().finally(() => (pending = null));
    return pending;
  });
}
