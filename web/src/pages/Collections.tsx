/** "Mes collections": my collections (name, count, shared or not) and a new one. */
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Card } from "@codegouvfr/react-dsfr/Card";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useState } from "react";
import { useNavigate } from "react-router";
import { useCreateCollection, useMyCollections } from "../api/hooks/collections";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { fieldState, ProblemAlert } from "../components/ProblemAlert";
import { busy } from "../components/busy";

export default function Collections() {
  const mine = useMyCollections();
  const create = useCreateCollection();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const items = mine.data?.items ?? [];
  return (
    <>
      <PageHeading>Mes collections</PageHeading>
      <p className="fr-text--lead">
        Rassemblez des ressources du catalogue, dans l’ordre de votre choix, et partagez-les par un lien avec vos collègues.
      </p>
      <section aria-labelledby="nouvelle-collection" className="fr-col-12 fr-col-md-8 fr-mb-6w">
        <h2 id="nouvelle-collection">Créer une collection</h2>
        <form noValidate onSubmit={(e) => {
          e.preventDefault();
          create.mutate(name, { onSuccess: (saved) => navigate(`/collections/${saved.id}`) });
        }}>
          <ProblemAlert error={create.error} />
          <Input label="Nom de la collection" hintText="Par exemple : « Rituels de calcul mental de la période 2 »"
            {...fieldState(create.error, "name")} nativeInputProps={{ value: name, onChange: (e) => setName(e.target.value), maxLength: 120 }} />
          <Button type="submit" iconId="fr-icon-add-line" {...busy(create.isPending)}>Créer la collection</Button>
        </form>
      </section>
      <section aria-labelledby="liste-collections">
        <h2 id="liste-collections">Mes collections</h2>
        {mine.isPending && <Loading />}
        <ProblemAlert error={mine.error} />
        {mine.data && items.length === 0 && <p>Vous n’avez pas encore de collection.</p>}
        <ul className="fr-raw-list fr-grid-row fr-grid-row--gutters">
          {items.map((c) => (
            <li key={c.id} className="fr-col-12 fr-col-md-6">
              <Card
                title={c.name}
                titleAs="h3"
                size="small"
                desc={c.description ?? undefined}
                detail={`${c.items_count} ressource${c.items_count > 1 ? "s" : ""}`}
                linkProps={{ to: `/collections/${c.id}` }}
                enlargeLink
                start={c.shared ? <ul className="fr-badges-group"><li><Badge small severity="info">Partagée par un lien</Badge></li></ul> : undefined}
              />
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
