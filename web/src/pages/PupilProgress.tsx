/** A pupil's progress: their level per competence at each date they were positioned (charts and
 * the table with the same data), item by item, and the codes that link their family's account. */
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { CallOut } from "@codegouvfr/react-dsfr/CallOut";
import { useState } from "react";
import { useParams } from "react-router";
import { useFramework, useInviteParent, useParentLinks, usePupilHistory, useRevokeParent, type Level, type PupilHistory } from "../api/hooks/classes";
import { DataTable } from "../components/DataTable";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { ProblemAlert } from "../components/ProblemAlert";
import { usePageTitle } from "../pageTitle";
import { CompetenceChart } from "./classes/CompetenceChart";
import { formatDate, LEVEL_LABELS, LEVELS, PROGRESS_LABELS } from "./classes/levels";
import { busy } from "../components/busy";

/** Per competence, at each date: the mean of the pupil's latest item levels, rounded down (the class view's rule). */
function competenceSeries(history: PupilHistory) {
  const dates = history.timeline.map((t) => t.date);
  const byCompetence = new Map<string, PupilHistory["items"]>();
  for (const item of history.items) byCompetence.set(item.competence_id, [...(byCompetence.get(item.competence_id) ?? []), item]);
  return { dates, series: [...byCompetence.entries()].map(([competenceId, items]) => ({
    competenceId,
    points: dates.map((day): Level | null => {
      const latest = items.map((item) => item.history.filter((h) => h.date <= day).at(-1)).filter((h) => h !== undefined);
      if (latest.length === 0) return null;
      const mean = latest.reduce((sum, h) => sum + LEVELS.indexOf(h.level), 0) / latest.length;
      return LEVELS[Math.floor(mean)];
    }),
  })) };
}

export default function PupilProgress() {
  const { id = "", pupilId = "" } = useParams();
  const history = usePupilHistory(id, pupilId);
  const framework = useFramework();
  usePageTitle(history.data ? `Progrès de ${history.data.pupil.alias}` : undefined);
  if (history.isPending) return <Loading />;
  if (!history.data) return <ProblemAlert error={history.error} />;
  const data = history.data;
  const competenceLabels = new Map(framework.data?.domains.flatMap((d) => d.competences.map((c) => [c.id, c.label] as const)) ?? []);
  const { dates, series } = competenceSeries(data);
  const label = (competenceId: string) => competenceLabels.get(competenceId) ?? competenceId;
  return (
    <>
      <PageHeading>Progrès de {data.pupil.alias}</PageHeading>
      <p className="fr-text--lead">{data.positioned_items} item{data.positioned_items > 1 ? "s" : ""} positionné{data.positioned_items > 1 ? "s" : ""}.</p>
      {series.length === 0 ? <p>Cet élève n’a pas encore été positionné.</p> : (
        <>
          <section aria-labelledby="evolution">
            <h2 id="evolution">Évolution par compétence</h2>
            <p className="fr-text--sm">Le niveau sur une compétence est la moyenne des derniers positionnements sur ses items. Les graphiques reprennent le tableau qui les suit.</p>
            {series.map((s) => <CompetenceChart key={s.competenceId} title={label(s.competenceId)} dates={dates} points={s.points} />)}
            <DataTable
              caption={`Niveau de ${data.pupil.alias} par compétence à chaque date`}
              headers={["Compétence", ...dates.map(formatDate)]}
              rows={series.map((s) => ({ key: s.competenceId, header: label(s.competenceId), cells: s.points.map((p) => (p ? LEVEL_LABELS[p] : "—")) }))}
            />
          </section>
          <section aria-labelledby="items" className="fr-mt-4w">
            <h2 id="items">Item par item</h2>
            <DataTable
              caption={`Positionnements de ${data.pupil.alias} par item`}
              headers={["Item", "Dernier niveau", "Évolution", "Historique"]}
              rows={data.items.map((item) => ({
                key: item.item_id,
                header: item.label,
                cells: [
                  LEVEL_LABELS[item.latest],
                  <Badge key="p" noIcon small>{PROGRESS_LABELS[item.progress] ?? item.progress}</Badge>,
                  item.history.map((h) => `${formatDate(h.date)} : ${h.level_label}`).join(" ; "),
                ],
              }))}
            />
          </section>
        </>
      )}
      {(data.home_observations?.length ?? 0) > 0 && (
        <section aria-labelledby="maison" className="fr-mt-4w">
          <h2 id="maison">Observations de la famille</h2>
          <ul>
            {data.home_observations!.map((o) => (
              <li key={o.id}>{formatDate(o.date)} : {[o.home_item_label, o.note].filter(Boolean).join(" — ")}</li>
            ))}
          </ul>
        </section>
      )}
      <Parents classId={id} pupilId={pupilId} alias={data.pupil.alias} />
    </>
  );
}

function Parents({ classId, pupilId, alias }: { classId: string; pupilId: string; alias: string }) {
  const links = useParentLinks(classId, pupilId);
  const invite = useInviteParent(classId, pupilId);
  const revoke = useRevokeParent(classId, pupilId);
  const [revoked, setRevoked] = useState(false);
  return (
    <section aria-labelledby="parents" className="fr-mt-4w">
      <h2 id="parents">La famille</h2>
      <p>
        Un code à usage unique, valable 14 jours, à donner à la famille de {alias} : avec un compte parent, elle suit
        les progrès de son enfant (jamais ceux des autres) et ajoute des observations de la maison. Quatre comptes au plus.
      </p>
      <Button priority="secondary" onClick={() => invite.mutate()} {...busy(invite.isPending)}>Créer un code pour la famille</Button>
      <div role="status">
        {invite.data && (
          <CallOut className="fr-mt-2w" title={`Code : ${invite.data.code}`}>
            Donnez ce code à la famille ; il ne sera plus affiché. Valable jusqu’au {formatDate(invite.data.expires_at)}.
          </CallOut>
        )}
      </div>
      <ProblemAlert error={invite.error} />
      <h3 className="fr-mt-3w">Comptes de parents liés</h3>
      {links.isPending ? <Loading /> : !links.data ? <ProblemAlert error={links.error} /> : links.data.items.length === 0 ? (
        <p>Aucun compte de parent n’est lié à {alias}.</p>
      ) : (
        <DataTable
          caption={`Comptes de parents liés à ${alias}`}
          headers={["Compte", "Lié le", "Action"]}
          rows={links.data.items.map((link, index) => ({
            key: link.id,
            header: `Parent ${index + 1}`,
            cells: [formatDate(link.linked_at),
              <Button key="r" size="small" priority="tertiary" {...busy(revoke.isPending)}
                onClick={() => revoke.mutate(link.id, { onSuccess: () => setRevoked(true) })}>
                Retirer l’accès du parent {index + 1}
              </Button>],
          }))}
        />
      )}
      <p role="status" className="fr-sr-only">{revoked && revoke.isSuccess ? "Accès retiré." : ""}</p>
      <ProblemAlert error={revoke.error} />
    </section>
  );
}
