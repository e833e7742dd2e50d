/** Every page of the client: its URL, French title and place in the breadcrumb (`parent`).
 * Adding a page: one entry here, one component in pages/, one data hook in api/hooks/. */
import { lazy, type ComponentType, type LazyExoticComponent } from "react";
import { classQuery, pupilHistoryQuery } from "./api/hooks/classes";
import { nameFrom, type RouteName } from "./routeNames";

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
  /** a page with an id: its name in the breadcrumb, read from its data (routeNames.ts) */
  name?: RouteName;
  /** its label in the breadcrumb when shorter than its title (the page above already names the class) */
  crumb?: string;
  page: LazyExoticComponent<ComponentType>;
};

const route = (id: string, path: string, title: string, load: () => Promise<{ default: ComponentType }>,
  options: { parent?: string; inSiteMap?: boolean; signedIn?: boolean; name?: RouteName; crumb?: string } = {}): PageRoute =>
  ({ id, path, title, parent: options.parent ?? (id === "home" ? undefined : "home"), inSiteMap: options.inSiteMap ?? true,
     signedIn: options.signedIn ?? false, name: options.name, crumb: options.crumb, page: lazy(load) });

const className = nameFrom(({ id = "" }) => classQuery(id), (klass) => klass.name);
const pupilAlias = nameFrom(({ id = "", pupilId = "" }) => pupilHistoryQuery(id, pupilId),
  (history) => history.pupil.alias);

export const ROUTES: PageRoute[] = [
  route("home", "/", "Accueil", () => import("./pages/Home")),
  route("catalogue", "/catalogue", "Catalogue des ressources", () => import("./pages/Catalogue")),
  route("resource", "/ressources/:id", "Ressource", () => import("./pages/Resource"), { parent: "catalogue", inSiteMap: false }),
  route("resourceVersions", "/ressources/:id/versions", "Versions de la ressource", () => import("./pages/ResourceVersions"), { parent: "resource", inSiteMap: false }),
  route("resourceVersion", "/ressources/:id/versions/:version", "Version de la ressource", () => import("./pages/ResourceVersion"), { parent: "resourceVersions", inSiteMap: false }),
  route("layouts", "/amenagement", "Aménager la classe", () => import("./pages/Layouts")),
  route("contribute", "/contribuer", "Contribuer", () => import("./pages/Contribute"), { signedIn: true }),
  route("contribution", "/contribuer/:id", "Ma ressource", () => import("./pages/Contribution"), { parent: "contribute", inSiteMap: false, signedIn: true }),
  route("review", "/relecture", "Relecture", () => import("./pages/Review"), { signedIn: true }),
  route("reviewResource", "/relecture/:id", "Relire une ressource", () => import("./pages/ReviewResource"), { parent: "review", inSiteMap: false, signedIn: true }),
  route("collections", "/collections", "Mes collections", () => import("./pages/Collections"), { signedIn: true }),
  route("collection", "/collections/:id", "Collection", () => import("./pages/Collection"), { parent: "collections", inSiteMap: false, signedIn: true }),
  route("sharedCollection", "/collections/partagees/:token", "Collection partagée", () => import("./pages/SharedCollection"), { inSiteMap: false }),
  route("signUp", "/compte/inscription", "Créer un compte", () => import("./pages/SignUp")),
  route("logIn", "/compte/connexion", "Se connecter", () => import("./pages/LogIn")),
  route("forgotPassword", "/compte/mot-de-passe-oublie", "Mot de passe oublié", () => import("./pages/ForgotPassword"), { parent: "logIn" }),
  route("newPassword", "/compte/nouveau-mot-de-passe", "Choisir un nouveau mot de passe", () => import("./pages/NewPassword"), { parent: "logIn", inSiteMap: false }),
  route("verifyEmail", "/compte/verifier-adresse", "Vérifier mon adresse e-mail", () => import("./pages/VerifyEmail"), { inSiteMap: false }),
  route("confirmEmail", "/compte/confirmer-adresse", "Confirmer ma nouvelle adresse e-mail", () => import("./pages/ConfirmEmail"), { inSiteMap: false }),
  route("community", "/communaute", "Communauté", () => import("./pages/Community"), { signedIn: true }),
  route("group", "/communaute/groupes/:id", "Groupe", () => import("./pages/Group"), { parent: "community", inSiteMap: false, signedIn: true }),
  route("thread", "/communaute/discussions/:id", "Discussion", () => import("./pages/Thread"), { parent: "community", inSiteMap: false, signedIn: true }),
  route("memberProfile", "/membres/:id", "Profil d’un membre", () => import("./pages/MemberProfile"), { parent: "community", inSiteMap: false, signedIn: true }),
  route("moderation", "/communaute/moderation", "Modération", () => import("./pages/Moderation"), { parent: "community", signedIn: true }),
  route("classes", "/classes", "Mes classes", () => import("./pages/Classes"), { signedIn: true }),
  route("class", "/classes/:id", "Classe", () => import("./pages/ClassPage"), { parent: "classes", inSiteMap: false, signedIn: true, name: className }),
  route("classGrid", "/classes/:id/positionnement", "Positionner la classe", () => import("./pages/ClassGrid"), { parent: "class", inSiteMap: false, signedIn: true, crumb: "Positionner" }),
  route("classProfile", "/classes/:id/profil", "Profil de la classe", () => import("./pages/ClassProfile"), { parent: "class", inSiteMap: false, signedIn: true, crumb: "Profil" }),
  route("classReperes", "/classes/:id/reperes", "Évaluations repères", () => import("./pages/ClassReperes"), { parent: "class", inSiteMap: false, signedIn: true, crumb: "Repères" }),
  route("pupil", "/classes/:id/eleves/:pupilId", "Progrès de l’élève", () => import("./pages/PupilProgress"), { parent: "class", inSiteMap: false, signedIn: true, name: pupilAlias }),
  route("account", "/compte", "Mon compte", () => import("./pages/Account"), { signedIn: true }),
  route("myData", "/compte/donnees", "Mes données", () => import("./pages/MyData"), { parent: "account", signedIn: true }),
  route("offlineReading", "/compte/hors-ligne", "Lecture hors ligne", () => import("./pages/OfflineReading"), { parent: "account", signedIn: true }),
  route("deviceNotifications", "/compte/notifications-appareil", "Notifications sur cet appareil", () => import("./pages/DeviceNotifications"), { parent: "account", signedIn: true }),
  route("parentSpace", "/espace-parent", "Espace parent", () => import("./pages/parent/ParentSpace"), { signedIn: true }),
  route("child", "/espace-parent/enfants/:id", "Mon enfant", () => import("./pages/parent/Child"), { parent: "parentSpace", inSiteMap: false, signedIn: true }),
  route("notifications", "/notifications", "Notifications", () => import("./pages/Notifications"), { signedIn: true }),
  route("notificationPreferences", "/compte/preferences", "Préférences de notification", () => import("./pages/NotificationPreferences"), { parent: "account", signedIn: true }),
  route("follows", "/compte/abonnements", "Mes abonnements", () => import("./pages/Follows"), { parent: "account", signedIn: true }),
  route("adminMembers", "/administration/membres", "Gestion des membres", () => import("./pages/AdminMembers"), { signedIn: true }),
  route("emailFailures", "/administration/courriels", "Courriels non remis", () => import("./pages/EmailFailures"), { signedIn: true }),
  route("accessibility", "/accessibilite", "Déclaration d'accessibilité", () => import("./pages/Accessibility")),
  route("legal", "/mentions-legales", "Mentions légales", () => import("./pages/Legal")),
  route("privacy", "/donnees-personnelles", "Données personnelles", () => import("./pages/Privacy")),
  route("siteMap", "/plan-du-site", "Plan du site", () => import("./pages/SiteMap")),
];

/** Paths that the other services write in links (notifications, e-mails, pushes: the
 * notifications service's messages.py), sent on to the page that shows them. */
export const LINK_ALIASES: { path: string; to: (params: Record<string, string | undefined>) => string }[] = [
  { path: "/connexion", to: () => "/compte/connexion" },
  { path: "/groupes/:id", to: (p) => `/communaute/groupes/${p.id}` },
  { path: "/groupes/:groupId/discussions/:id", to: (p) => `/communaute/discussions/${p.id}` },
];

export const NOT_FOUND = route("notFound", "*", "Page introuvable", () => import("./pages/NotFound"));

export const byId = (id: string): PageRoute => ROUTES.find((r) => r.id === id)!;

/** The pages above this one, from the home page down. */
export function ancestors(page: PageRoute): PageRoute[] {
  const chain: PageRoute[] = [];
  for (let id = page.parent; id; id = byId(id).parent) chain.unshift(byId(id));
  return chain;
}
