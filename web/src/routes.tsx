/** Every page of the client: its URL, French title and place in the breadcrumb (`parent`).
 * Adding a page: one entry here, one component in pages/, one data hook in api/hooks/. */
import { lazy, type ComponentType, type LazyExoticComponent } from "react";

export type PageRoute = {
  id: string;
  path: string;
  title: string;
  /** id of the page this one sits under in the breadcrumb (the home page has none) */
  parent?: string;
  /** listed in the site map (pages reached by a link in an e-mail or with an id are not) */
  inSiteMap: boolean;
  /** only for a signed-in member: others are asked to sign in, then come back here */
  signedIn: boolean;
  page: LazyExoticComponent<ComponentType>;
};

const route = (id: string, path: string, title: string, load: () => Promise<{ default: ComponentType }>,
  options: { parent?: string; inSiteMap?: boolean; signedIn?: boolean } = {}): PageRoute =>
  ({ id, path, title, parent: options.parent ?? (id === "home" ? undefined : "home"), inSiteMap: options.inSiteMap ?? true,
     signedIn: options.signedIn ?? false, page: lazy(load) });

export const ROUTES: PageRoute[] = [
  route("home", "/", "Accueil", () => import("./pages/Home")),
  route("catalogue", "/catalogue", "Catalogue des ressources", () => import("./pages/Catalogue")),
  route("resource", "/ressources/:id", "Ressource", () => import("./pages/Resource"), { parent: "catalogue", inSiteMap: false }),
  route("signUp", "/compte/inscription", "Créer un compte", () => import("./pages/SignUp")),
  route("logIn", "/compte/connexion", "Se connecter", () => import("./pages/LogIn")),
  route("forgotPassword", "/compte/mot-de-passe-oublie", "Mot de passe oublié", () => import("./pages/ForgotPassword"), { parent: "logIn" }),
  route("newPassword", "/compte/nouveau-mot-de-passe", "Choisir un nouveau mot de passe", () => import("./pages/NewPassword"), { parent: "logIn", inSiteMap: false }),
  route("verifyEmail", "/compte/verifier-adresse", "Vérifier mon adresse e-mail", () => import("./pages/VerifyEmail"), { inSiteMap: false }),
  route("confirmEmail", "/compte/confirmer-adresse", "Confirmer ma nouvelle adresse e-mail", () => import("./pages/ConfirmEmail"), { inSiteMap: false }),
  route("deviceNotifications", "/compte/notifications-appareil", "Notifications sur cet appareil", () => import("./pages/DeviceNotifications"), { signedIn: true }),
  route("notifications", "/notifications", "Notifications", () => import("./pages/Notifications"), { signedIn: true }),
  route("notificationPreferences", "/compte/preferences", "Préférences de notification", () => import("./pages/NotificationPreferences"), { parent: "home", signedIn: true }),
  route("follows", "/compte/abonnements", "Mes abonnements", () => import("./pages/Follows"), { parent: "home", signedIn: true }),
  route("accessibility", "/accessibilite", "Déclaration d'accessibilité", () => import("./pages/Accessibility")),
  route("legal", "/mentions-legales", "Mentions légales", () => import("./pages/Legal")),
  route("privacy", "/donnees-personnelles", "Données personnelles", () => import("./pages/Privacy")),
  route("siteMap", "/plan-du-site", "Plan du site", () => import("./pages/SiteMap")),
];

export const NOT_FOUND = route("notFound", "*", "Page introuvable", () => import("./pages/NotFound"));

export const byId = (id: string): PageRoute => ROUTES.find((r) => r.id === id)!;

/** The pages above this one, from the home page down. */
export function ancestors(page: PageRoute): PageRoute[] {
  const chain: PageRoute[] = [];
  for (let id = page.parent; id; id = byId(id).parent) chain.unshift(byId(id));
  return chain;
}
