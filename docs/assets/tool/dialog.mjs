// A question that must be answered before something cannot be undone: a modal <dialog>, named by its
// heading, that keeps focus inside it until it is answered and gives focus back where it was.

import { h, button } from "./dom.mjs";

let count = 0;

/**
 * Ask, and resolve true for `confirm`, false for `cancel` (or Escape). `host` is the element the
 * dialog is put in (the tool's root, so its styles apply). The safe answer has focus first.
 */
export function confirmDialog(host, { title, body, confirm, cancel, destructive = true }) {
  count += 1;
  const titleId = `ucb-dialog-title-${count}`;
  const bodyId = `ucb-dialog-body-${count}`;
  const returnTo = document.activeElement;
  return new Promise((resolve) => {
    let answer = false;
    const dialog = h("dialog", { class: "ucb-dialog", "aria-labelledby": titleId, "aria-describedby": bodyId });
    const close = (value) => {
      answer = value;
      dialog.close();
    };
    const no = button(cancel, () => close(false), "ucb-button ucb-button--secondary", { id: "ucb-dialog-cancel" });
    const yes = button(confirm, () => close(true), destructive ? "ucb-button ucb-button--warning" : "ucb-button", { id: "ucb-dialog-confirm" });
    dialog.append(
      h("h2", { class: "ucb-heading-m ucb-dialog__title", id: titleId }, title),
      h("div", { id: bodyId }, (Array.isArray(body) ? body : [body]).map((text) => h("p", {}, text))),
      h("div", { class: "ucb-button-group" }, yes, no));
    dialog.addEventListener("close", () => {
      dialog.remove();
      if (returnTo && returnTo.isConnected && !answer) returnTo.focus({ preventScroll: true });
      resolve(answer);
    });
    host.append(dialog);
    dialog.showModal();
    (destructive ? no : yes).focus();
  });
}
