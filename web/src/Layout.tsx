/** The frame of every page: skip links, DSFR header and footer, display settings (light/dark),
 * breadcrumb (pages with an id named by their data: routeNames.ts), the page title in the tab,
 * and the focus moved to the new page's heading. */
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { Display, headerFooterDisplayItem } from "@codegouvfr/react-dsfr/Display";
import { Footer } from "@codegouvfr/react-dsfr/Footer";
import { Header } from "@codegouvfr/react-dsfr/Header";
import { SkipLinks } from "@codegouvfr/react-dsfr/SkipLinks";
import { Suspense, useCallback, useEffect, useState } from "react";
import { generatePath, useLocation, useNavigate, useParams } from "react-router";
import { session } from "./auth/session";
import { useSessionReady, useSignedIn } from "./auth/useSession";
import { useMe } from "./api/hooks/account";
import { LiveAnnouncer, NotificationsLabel, notificationsName } from "./live/NotificationsLabel";
import { useLiveUnread } from "./live/useLiveUnread";
import { Loading } from "./components/Loading";
import { OfflineBanner } from "./components/OfflineBanner";
import { SignInRequired } from "./components/SignInRequired";
import { PageTitleContext, SITE } from "./pageTitle";
import { isCurrent, visibleItems } from "./navigation";
import { ancestors, type PageRoute } from "./routes";
import { useRouteNames } from "./routeNames";

const BRAND = <>République<br />Française</>;

let pagesShown = 0;

/** Focus the page's h1 as soon as it is there (a lazy page shows "Chargement…" first), unless
 * the person already moved the focus elsewhere meanwhile (typing in a field, tabbing on). */
function focusHeadingOnceShown(frames = 120, from: Element | null = document.activeElement) {
  const moved = document.activeElement !== from && document.activeElement !== document.body;
  if (moved) return;
  const heading = document.querySelector<HTMLElement>("main h1");
  if (heading) heading.focus();
  else if (frames > 0) requestAnimationFrame(() => focusHeadingOnceShown(frames - 1, document.activeElement));
}

export function Layout({ route }: { route: PageRoute }) {
  const [precise, setPrecise] = useState<string | null>(null);
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const params = useParams();
  const signedIn = useSignedIn();
  const above = ancestors(route).filter((r) => r.id !== "home");
  const nameOf = useRouteNames([...above, route], params, signedIn);
  const title = precise ?? nameOf(route.id) ?? route.title;
  const ready = useSessionReady();
  const me = useMe(signedIn);
  const unread = useLiveUnread(signedIn);

  useEffect(() => {
    document.title = route.id === "home" ? SITE : `${title} — ${SITE}`;
  }, [title, route.id]);

  useEffect(() => {
    // a new page (not the first one loaded): screen readers and keyboards start from its
    // heading, as after a page load. Each route mounts its own Layout: the count is the module's.
    if (pagesShown++ > 0) focusHeadingOnceShown();
  }, [pathname]);

  const logOut = useCallback(async () => {
    await session.logOut();
    navigate("/");
  }, [navigate]);

  const account = signedIn
    ? [
        { iconId: "fr-icon-notification-3-line" as const, linkProps: { to: "/notifications", "aria-label": notificationsName(unread) },
          text: <NotificationsLabel count={unread} /> },
        { iconId: "fr-icon-account-circle-line" as const, linkProps: { to: "/compte" }, text: "Mon compte" },
        { iconId: "fr-icon-logout-box-r-line" as const, buttonProps: { onClick: logOut }, text: "Se déconnecter" },
      ]
    : [
        { iconId: "fr-icon-account-circle-line" as const, linkProps: { to: "/compte/connexion" }, text: "Se connecter" },
        { iconId: "fr-icon-user-add-line" as const, linkProps: { to: "/compte/inscription" }, text: "Créer un compte" },
      ];

  return (
    <PageTitleContext.Provider value={setPrecise}>
      <SkipLinks links={[
        { label: "Contenu", anchor: "#contenu" },
        { label: "Menu", anchor: "#fr-header-main-navigation" },
        { label: "Pied de page", anchor: "#pied-de-page" },
      ]} />
      <Header
        brandTop={BRAND}
        homeLinkProps={{ to: "/", title: `Accueil — ${SITE}` }}
        serviceTitle={SITE}
        serviceTagline="Ressources, entraide et évaluation pour les CP et CE1 dédoublés"
        quickAccessItems={[headerFooterDisplayItem, ...account]}
        navigation={visibleItems(signedIn, me.data?.roles).map((item) =>
          ({ text: item.text, linkProps: { to: item.to }, isActive: isCurrent(item, pathname) }))}
      />
      <main id="contenu" tabIndex={-1} className="fr-container fr-pb-6w">
        <OfflineBanner />
        {route.id !== "home" && (
          <Breadcrumb
            currentPageLabel={route.crumb ?? title}
            segments={above.map((r) => ({ label: nameOf(r.id) ?? r.crumb ?? r.title, linkProps: { to: generatePath(r.path, params) } }))}
            homeLinkProps={{ to: "/" }}
          />
        )}
        <Suspense fallback={<Loading />}>
          {!route.signedIn || signedIn ? <route.page /> : ready ? <SignInRequired title={route.title} /> : <Loading />}
        </Suspense>
      </main>
      <Footer
        id="pied-de-page"
        brandTop={BRAND}
        homeLinkProps={{ to: "/", title: `Accueil — ${SITE}` }}
        accessibility="non compliant"
        contentDescription="Classe à 12 est un service public numérique et libre (EUPL-1.2) pour les enseignants des classes de CP et CE1 dédoublées et celles et ceux qui les entourent."
        accessibilityLinkProps={{ to: "/accessibilite" }}
        termsLinkProps={{ to: "/mentions-legales" }}
        websiteMapLinkProps={{ to: "/plan-du-site" }}
        bottomItems={[{ text: "Données personnelles", linkProps: { to: "/donnees-personnelles" } }, headerFooterDisplayItem]}
        license={<>Le code de Classe à 12 est publié sous licence EUPL-1.2 ; chaque ressource indique la sienne.</>}
      />
      <LiveAnnouncer />
      <Display />
    </PageTitleContext.Provider>
  );
}
