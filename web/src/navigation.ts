/** The header's main menu: which areas each person sees (by the roles of /me) and when each is the
 * current one (by the URL's first segment). Adding an area: one entry here. */
import type { components } from "./api/schema";

type Role = components["schemas"]["community.Role"];

export type NavItem = {
  text: string;
  to: string;
  /** shown to signed-in members only; with roles, to those holding one of them */
  members?: boolean;
  roles?: Role[];
};

export const NAVIGATION: NavItem[] = [
  { text: "Accueil", to: "/" },
  { text: "Catalogue", to: "/catalogue" },
  { text: "Aménager la classe", to: "/amenagement" },
  { text: "Communauté", to: "/communaute", members: true },
  { text: "Mes classes", to: "/classes", members: true, roles: ["teacher", "director", "coordinator", "adviser"] },
  { text: "Espace parent", to: "/espace-parent", members: true, roles: ["parent"] },
  { text: "Mes collections", to: "/collections", members: true },
  { text: "Contribuer", to: "/contribuer", members: true },
  { text: "Relecture", to: "/relecture", members: true, roles: ["adviser", "admin"] },
  { text: "Membres", to: "/administration/membres", members: true, roles: ["admin"] },
  { text: "Courriels non remis", to: "/administration/courriels", members: true, roles: ["admin"] },
];

/** The entries for this person (null: not signed in; roles unknown yet: only those without roles). */
export function visibleItems(signedIn: boolean, roles: Role[] | undefined): NavItem[] {
  return NAVIGATION.filter((item) => !item.members || (signedIn && (!item.roles || item.roles.some((r) => roles?.includes(r)))));
}

/** Whether the page at `pathname` belongs to the area of `item`. */
export function isCurrent(item: NavItem, pathname: string): boolean {
  if (item.to === "/") return pathname === "/";
  const alsoCatalogue = item.to === "/catalogue" && pathname.startsWith("/ressources/");
  return alsoCatalogue || pathname === item.to || pathname.startsWith(`${item.to}/`);
}
