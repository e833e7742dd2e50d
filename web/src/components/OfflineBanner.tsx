import { Notice } from "@codegouvfr/react-dsfr/Notice";
import { useEffect } from "react";
import { useLocation } from "react-router";
import { forgetCopy, useServedFromCopy } from "../offline/status";

/** "Hors ligne" when the page shows this device's saved copy of a bookmarked resource. */
export function OfflineBanner() {
  const { pathname } = useLocation();
  const offline = useServedFromCopy();
  useEffect(() => forgetCopy(), [pathname]);
  // a live region, not role=status: a page's own status stays the only one
  return (
    <div aria-live="polite">
      {offline && <Notice title="Hors ligne : vous lisez la copie enregistrée" description="sur cet appareil ; elle sera mise à jour au retour du réseau." />}
    </div>
  );
}
