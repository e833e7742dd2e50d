/** The class profile: per competence, how many pupils at each level (anonymous counts, never a
 * ranking), as bars and as the table that says the same to everyone. */
import { Link, useParams } from "react-router";
import { useClass, useClassView } from "../api/hooks/classes";
import { DataTable } from "../components/DataTable";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { ProblemAlert } from "../components/ProblemAlert";
import { usePageTitle } from "../pageTitle";
import { LevelBars } from "./classes/LevelChart";
import { LEVEL_LABELS, LEVELS } from "./classes/levels";

export default function ClassProfile() {
  const { id = "" } = useParams();
  const klass = useClass(id);
  const view = useClassView(id);
  usePageTitle(klass.data ? `Profil de ${klass.data.name}` : undefined);
  if (view.isPending || klass.isPending) return <Loading />;
  if (!view.data || !klass.data) return <ProblemAlert error={view.error ?? klass.error} />;
  const labels = Object.fromEntries(view.data.scale.map((s) => [s.id, s.label])) as Record<string, string>;
  const label = (level: (typeof LEVELS)[number]) => labels[level] ?? LEVEL_LABELS[level];
  const positioned = view.data.competences.filter((c) => c.positioned > 0);
  return (
    <>
      <PageHeading>Profil de {klass.data.name}</PageHeading>
      <p className="fr-text--lead">
        Combien d’élèves à chaque niveau, compétence par compétence (le niveau d’un élève sur une compétence est la
        moyenne de ses derniers positionnements sur ses items). Des effectifs, jamais un classement.
      </p>
      {positioned.length === 0 ? (
        <p>Aucun élève n’est encore positionné. <Link to={`/classes/${id}/positionnement`}>Positionner la classe</Link></p>
      ) : (
        <>
          <section aria-labelledby="graphique">
            <h2 id="graphique">Répartition par compétence</h2>
            <p className="fr-text--sm">Le graphique reprend le tableau qui le suit.</p>
            <LevelBars rows={positioned.map((c) => ({ key: c.id, label: c.label, counts: c.counts }))} />
          </section>
          <DataTable
            className="fr-mt-4w"
            caption={`Élèves à chaque niveau par compétence (${view.data.pupils_count} élèves dans la classe)`}
            headers={["Compétence", ...LEVELS.map(label), "Élèves positionnés"]}
            rows={positioned.map((c) => ({
              key: c.id,
              header: <>{c.label}<br /><span className="fr-text--xs">{c.domain_label}</span></>,
              cells: [...LEVELS.map((level) => c.counts[level]), c.positioned],
            }))}
          />
          <section aria-labelledby="par-item" className="fr-mt-4w">
            <h2 id="par-item">Détail par item</h2>
            <DataTable
              caption="Élèves à chaque niveau par item"
              headers={["Item", ...LEVELS.map(label), "Élèves positionnés"]}
              rows={positioned.flatMap((c) => c.items.filter((i) => i.positioned > 0)).map((item) => ({
                key: item.id,
                header: item.label,
                cells: [...LEVELS.map((level) => item.counts[level]), item.positioned],
              }))}
            />
          </section>
        </>
      )}
      <p className="fr-mt-4w">
        Situer la classe par rapport aux seuils nationaux : <Link to={`/classes/${id}/reperes`}>évaluations repères</Link>.
      </p>
    </>
  );
}
