import { Link, useParams } from "react-router";
import { useVersions } from "../api/hooks/resources";
import { DataTable } from "../components/DataTable";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { ProblemAlert } from "../components/ProblemAlert";

export const WHEN = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeStyle: "short" });

/** Every published version of a resource, each readable as it was. */
export default function ResourceVersions() {
  const { id = "" } = useParams();
  const versions = useVersions(id);
  const items = [...(versions.data?.items ?? [])].sort((a, b) => b.version - a.version);
  return (
    <>
      <PageHeading>Versions de la ressource</PageHeading>
      <p>Chaque publication est gardée telle quelle : vous pouvez relire une version antérieure.</p>
      {versions.isPending && <Loading />}
      <ProblemAlert error={versions.error} />
      {versions.isSuccess && items.length === 0 && <p>Cette ressource n'a pas encore été publiée.</p>}
      {items.length > 0 && (
        <DataTable
          caption={`${items.length} version${items.length > 1 ? "s" : ""} publiée${items.length > 1 ? "s" : ""}`}
          headers={["Version", "Publiée le", "Titre", "Note de modification"]}
          rows={items.map((v) => ({
            key: String(v.version),
            header: <Link to={`/ressources/${id}/versions/${v.version}`}>Version {v.version}</Link>,
            cells: [WHEN.format(new Date(v.edited_at)), v.title, v.change_note ?? "—"],
          }))}
        />
      )}
      <p><Link to={`/ressources/${id}`}>Revenir à la version actuelle</Link></p>
    </>
  );
}
