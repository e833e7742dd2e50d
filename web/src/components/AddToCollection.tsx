/** On a resource's page: add it to one of my collections (or a link to create one). */
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useState } from "react";
import { Link } from "react-router";
import { useAddToCollection, useMyCollections } from "../api/hooks/collections";
import { ProblemAlert } from "./ProblemAlert";
import { busy } from "./busy";

export function AddToCollection({ resourceId }: { resourceId: string }) {
  const mine = useMyCollections();
  const add = useAddToCollection();
  const [chosen, setChosen] = useState("");
  const collections = mine.data?.items ?? [];
  const target = collections.find((c) => c.id === chosen);
  return (
    <section aria-labelledby="ajouter-collection" className="fr-mb-4w fr-col-12 fr-col-md-8 fr-px-0">
      <h2 id="ajouter-collection" className="fr-h5">Ajouter à une collection</h2>
      {mine.data && collections.length === 0 ? (
        <p>Vous n’avez pas encore de collection : <Link to="/collections">créez-en une</Link>.</p>
      ) : (
        <form noValidate onSubmit={(e) => {
          e.preventDefault();
          if (chosen) add.mutate({ collectionId: chosen, resourceId });
        }}>
          <Select label="Collection" nativeSelectProps={{ value: chosen, onChange: (e) => { setChosen(e.target.value); add.reset(); } }}>
            <option value="">Choisir une collection</option>
            {collections.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </Select>
          <Button type="submit" priority="secondary" iconId="fr-icon-add-line" disabled={!chosen} {...busy(add.isPending)}>
            Ajouter à la collection
          </Button>
        </form>
      )}
      <p role="status">
        {add.isSuccess && target ? <>Ajoutée à <Link to={`/collections/${target.id}`}>{target.name}</Link>.</> : ""}
      </p>
      <ProblemAlert error={add.error} />
    </section>
  );
}
