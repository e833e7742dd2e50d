import type { ReactNode } from "react";

/** The page's one h1 (focusable, so a navigation can move the focus to it). */
export function PageHeading({ children }: { children: ReactNode }) {
  return <h1 tabIndex={-1} className="fr-mt-4w">{children}</h1>;
}
