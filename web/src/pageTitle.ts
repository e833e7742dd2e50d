import { createContext, useContext, useEffect } from "react";

export const SITE = "Classe à 12";

/** Lets a page name itself more precisely than its route (a resource's title). */
export const PageTitleContext = createContext<(title: string | null) => void>(() => undefined);

export function usePageTitle(title: string | undefined) {
  const set = useContext(PageTitleContext);
  useEffect(() => {
    if (title) set(title);
    return () => set(null);
  }, [title, set]);
}
