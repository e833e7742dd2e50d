import type { SyntheticEvent } from "react";

const ignore = (e: SyntheticEvent) => { e.preventDefault(); e.stopPropagation(); };

/** Props of a DSFR Button while its action runs: it says it is unavailable (aria-disabled) and a
 * press does nothing (a submit button's press is cancelled: its form is not sent twice), but it
 * keeps the focus, where `disabled` would drop the keyboard's focus to the page's body.
 * `<Button {...busy(mutation.isPending)}>` */
export function busy(pending: boolean) {
  return pending ? { "aria-disabled": true, onClickCapture: ignore } : {};
}
