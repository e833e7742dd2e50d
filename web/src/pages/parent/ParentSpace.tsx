/** The parent space: my children (a link to each one's page) and joining with the teacher's code. */
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Card } from "@codegouvfr/react-dsfr/Card";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useState } from "react";
import { Link } from "react-router";
import { useChildren, useJoinChild } from "../../api/hooks/children";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { fieldState, ProblemAlert } from "../../components/ProblemAlert";
import { of } from "./progress";
import { busy } from "../../components/busy";

export const childPath = (linkId: string) => `/espace-parent/enfants/${linkId}`;

export default function ParentSpace() {
  return (
    <>
      <PageHeading>Espace parent</PageHeading>
      <p className="fr-text--lead">
        Suivez ce que votre enfant apprend en classe et partagez ce que vous remarquez à la maison.
        Ici, ni note ni classement : chaque enfant avance à son rythme.
      </p>
      <div className="fr-grid-row fr-grid-row--gutters">
        <MyChildren />
        <JoinWithCode />
      </div>
    </>
  );
}

function MyChildren() {
  const children = useChildren();
  const items = children.data?.items ?? [];
  return (
    <section className="fr-col-12 fr-col-md-7" aria-labelledby="mes-enfants">
      <h2 id="mes-enfants">Mes enfants</h2>
      {children.isPending && <Loading />}
      <ProblemAlert error={children.error} />
      {children.isSuccess && items.length === 0 && (
        <p>
          Aucun enfant n’est encore lié à votre compte. Demandez un code à l’enseignant ou à l’enseignante
          de votre enfant, puis saisissez-le ci-contre.
        </p>
      )}
      <ul className="fr-raw-list">
        {items.map((child) => (
          <li key={child.link_id} className="fr-mb-3w">
            <Card
              title={child.alias}
              titleAs="h3"
              desc={`${child.level} · ${child.class_name} · année scolaire ${child.school_year}`}
              linkProps={{ to: childPath(child.link_id) }}
              enlargeLink
              size="small"
            />
          </li>
        ))}
      </ul>
    </section>
  );
}

function JoinWithCode() {
  const [code, setCode] = useState("");
  const join = useJoinChild();
  const joined = join.data;
  return (
    <section className="fr-col-12 fr-col-md-5" aria-labelledby="ajouter-enfant">
      <h2 id="ajouter-enfant">Ajouter un enfant</h2>
      <p>
        L’enseignant ou l’enseignante de votre enfant vous remet un code, valable 14 jours et une seule fois.
        Saisissez-le pour lier votre compte à votre enfant : vous ne verrez que lui ou elle.
      </p>
      <div role="status">
        {joined && (
          <Alert className="fr-mb-3w" severity="success" small role={undefined}
            description={<>Votre compte est lié à {joined.alias}. <Link to={childPath(joined.link_id)}>Voir le suivi {of(joined.alias)}</Link></>} />
        )}
      </div>
      <ProblemAlert error={join.error} />
      <form onSubmit={(e) => {
        e.preventDefault();
        join.mutate(code.trim(), { onSuccess: () => setCode("") });
      }}>
        <Input
          label="Code reçu de l’enseignant"
          hintText="Par exemple ABCD-EFGH-JKLM ; majuscules, espaces et tirets n’ont pas d’importance."
          nativeInputProps={{ value: code, onChange: (e) => setCode(e.target.value), required: true, autoComplete: "off",
                              spellCheck: false, autoCapitalize: "characters" }}
          {...fieldState(join.error, "code")}
        />
        <Button type="submit" {...busy(join.isPending)}>Lier mon compte</Button>
      </form>
    </section>
  );
}
