import { Button } from "@codegouvfr/react-dsfr/Button";
import { Link } from "react-router";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { supported } from "../offline/store";
import { useSaveNow, useSavedCopies } from "../offline/useSavedCopies";
import { busy } from "../components/busy";

const when = (iso: string) =>
  new Date(iso).toLocaleString("fr-FR", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Paris" });

/** Lecture hors ligne: the bookmarked resources this device can show without network. */
export default function OfflineReading() {
  const copies = useSavedCopies();
  const save = useSaveNow();
  const worker = supported() && "serviceWorker" in navigator;
  return (
    <div className="fr-col-12 fr-col-md-10 fr-col-lg-8">
      <PageHeading>Lecture hors ligne</PageHeading>
      <p>
        Les ressources que vous gardez en favori sont enregistrées sur cet appareil quand vous êtes connecté·e :
        vous pouvez les ouvrir sans réseau, dans la classe ou en sortie. Les fichiers de plus de 20 Mo (vidéos) ne sont pas enregistrés.
      </p>
      <p>
        Cette copie est effacée quand vous vous déconnectez : sur un ordinateur partagé, pensez à vous déconnecter
        en partant. Rien d'autre n'est gardé sur l'appareil.
      </p>
      {!worker && <p>Ce navigateur ne permet pas la lecture hors ligne.</p>}
      {worker && (
        <>
          <Button type="button" priority="secondary" iconId="fr-icon-refresh-line" {...busy(save.isPending)} onClick={() => save.mutate()}>
            Mettre à jour maintenant
          </Button>
          <p role="status" className="fr-mt-2w">{save.isPending ? "Mise à jour…" : save.isSuccess ? "La copie est à jour." : ""}</p>
          <h2>Disponible hors ligne sur cet appareil</h2>
          {copies.isPending ? <Loading /> : !copies.data?.resources.length ? (
            <p>Aucune ressource pour l'instant : ajoutez des ressources à vos favoris depuis le <Link to="/catalogue">catalogue</Link>.</p>
          ) : (
            <>
              {copies.data.savedAt && <p className="fr-hint-text">Enregistrées le {when(copies.data.savedAt)}.</p>}
              <ul>
                {copies.data.resources.map((resource) => (
                  <li key={resource.id}><Link to={`/ressources/${resource.id}`}>{resource.title}</Link></li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </div>
  );
}
