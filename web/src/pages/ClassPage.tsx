/** One class: its pupils (add, remove), the links to its pages, exports, a co-teacher's code. */
import { Button } from "@codegouvfr/react-dsfr/Button";
import { ButtonsGroup } from "@codegouvfr/react-dsfr/ButtonsGroup";
import { CallOut } from "@codegouvfr/react-dsfr/CallOut";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Tile } from "@codegouvfr/react-dsfr/Tile";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { useAddPupil, useClass, useErasePupil, useExport, useInviteCoteacher, type Klass } from "../api/hooks/classes";
import { DataTable } from "../components/DataTable";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { fieldState, ProblemAlert } from "../components/ProblemAlert";
import { usePageTitle } from "../pageTitle";
import { formatDate } from "./classes/levels";
import { ArchiveClass, ClassAudit, CopyPupils } from "./classes/YearTools";
import { busy } from "../components/busy";

export default function ClassPage() {
  const { id = "" } = useParams();
  const { data: klass, error, isPending } = useClass(id);
  usePageTitle(klass?.name);
  if (isPending) return <Loading />;
  if (!klass) return <ProblemAlert error={error} />;
  return (
    <>
      <PageHeading>{klass.name}</PageHeading>
      <p className="fr-text--lead">{klass.level} · année scolaire {klass.school_year.replace("-", "–")} · {klass.pupils.length} élève{klass.pupils.length > 1 ? "s" : ""}</p>
      <nav aria-labelledby="pages-classe" className="fr-mb-4w">
        <h2 id="pages-classe">Travailler avec la classe</h2>
        <div className="fr-grid-row fr-grid-row--gutters">
          {[
            { to: "positionnement", title: "Positionner la classe", desc: "La grille des élèves sur les items d’une compétence." },
            { to: "profil", title: "Profil de la classe", desc: "Les élèves à chaque niveau, compétence par compétence." },
            { to: "reperes", title: "Évaluations repères", desc: "Saisir les scores d’une période et voir les groupes." },
          ].map((tile) => (
            <div key={tile.to} className="fr-col-12 fr-col-md-4">
              <Tile title={tile.title} desc={tile.desc} linkProps={{ to: `/classes/${klass.id}/${tile.to}` }} titleAs="h3" />
            </div>
          ))}
        </div>
      </nav>
      <Pupils klass={klass} />
      <CopyPupils klass={klass} />
      <Exports id={klass.id} />
      <CoTeacher id={klass.id} />
      <ClassAudit id={klass.id} />
      <ArchiveClass klass={klass} />
    </>
  );
}

function Pupils({ klass }: { klass: Klass }) {
  const add = useAddPupil(klass.id);
  const erase = useErasePupil(klass.id);
  const [alias, setAlias] = useState("");
  const [removed, setRemoved] = useState("");
  return (
    <section aria-labelledby="eleves" className="fr-mb-4w">
      <h2 id="eleves">Élèves</h2>
      {klass.pupils.length === 0 ? <p>Pas encore d’élève dans cette classe.</p> : (
        <DataTable
          caption={`Élèves de la classe (${klass.pupils.length} sur 30 au plus)`}
          headers={["Élève", "Ajouté le", "Actions"]}
          rows={klass.pupils.map((pupil) => ({
            key: pupil.id,
            header: <Link to={`/classes/${klass.id}/eleves/${pupil.id}`}>{pupil.alias}</Link>,
            cells: [
              formatDate(pupil.added_at),
              <Button key="erase" size="small" priority="tertiary" iconId="fr-icon-delete-line" {...busy(erase.isPending)}
                onClick={() => {
                  if (window.confirm(`Effacer ${pupil.alias} et tout ce qui le concerne ? C’est définitif.`)) {
                    erase.mutate(pupil.id, { onSuccess: () => setRemoved(pupil.alias) });
                  }
                }}>
                Retirer {pupil.alias}
              </Button>,
            ],
          }))}
        />
      )}
      <p role="status" className="fr-sr-only">{removed && erase.isSuccess ? `${removed} a été retiré de la classe.` : ""}</p>
      <ProblemAlert error={erase.error} />
      <form className="fr-mt-2w" onSubmit={(e) => { e.preventDefault(); add.mutate(alias.trim(), { onSuccess: () => setAlias("") }); }}>
        <Input label="Prénom ou pseudonyme de l’élève" hintText="Jamais de nom de famille, de date de naissance ni d’identifiant."
          nativeInputProps={{ required: true, maxLength: 40, autoComplete: "off", value: alias, onChange: (e) => setAlias(e.target.value) }}
          {...fieldState(add.error, "alias")} />
        <Button type="submit" {...busy(add.isPending)}>Ajouter l’élève</Button>
        <p role="status">{add.isSuccess ? `${add.variables} a été ajouté à la classe.` : ""}</p>
        <ProblemAlert error={add.error} />
      </form>
    </section>
  );
}

function Exports({ id }: { id: string }) {
  const download = useExport(id);
  const names = { json: "JSON", csv: "CSV", pdf: "bilans PDF" } as const;
  return (
    <section aria-labelledby="exporter" className="fr-mb-4w">
      <h2 id="exporter">Exporter la classe</h2>
      <p>Les positionnements et les observations des familles, pour vos archives ou un tableur ; un bilan imprimable par élève.</p>
      <ButtonsGroup inlineLayoutWhen="md and up" buttons={[
        { children: "Télécharger le CSV", priority: "secondary", iconId: "fr-icon-download-line", onClick: () => download.mutate("csv"), disabled: download.isPending },
        { children: "Télécharger les bilans (PDF)", priority: "secondary", iconId: "fr-icon-download-line", onClick: () => download.mutate("pdf"), disabled: download.isPending },
        { children: "Télécharger l’export JSON", priority: "secondary", iconId: "fr-icon-download-line", onClick: () => download.mutate("json"), disabled: download.isPending },
      ]} />
      <p role="status">{download.isSuccess ? `Téléchargement ${download.data === "pdf" ? "des" : "du"} ${names[download.data]} lancé.` : ""}</p>
      <ProblemAlert error={download.error} />
    </section>
  );
}

function CoTeacher({ id }: { id: string }) {
  const invite = useInviteCoteacher(id);
  return (
    <section aria-labelledby="co-intervention">
      <h2 id="co-intervention">Inviter un collègue en co-intervention</h2>
      <p>Un code à usage unique, valable 7 jours : votre collègue le saisit dans « Mes classes » et a le même accès que vous. Trois enseignants au plus par classe.</p>
      <Button priority="secondary" onClick={() => invite.mutate()} {...busy(invite.isPending)}>Créer un code d’invitation</Button>
      <div role="status">
        {invite.data && (
          <CallOut className="fr-mt-2w" title={`Code : ${invite.data.code}`}>
            Donnez ce code à votre collègue ; il ne sera plus affiché. Valable jusqu’au {formatDate(invite.data.expires_at)}.
          </CallOut>
        )}
      </div>
      <ProblemAlert error={invite.error} />
    </section>
  );
}
