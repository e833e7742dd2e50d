/** "/collections/:id": one of my collections: rename, reorder (move up/down buttons, the focus
 * stays on the moved resource), remove items, share by a link or stop, delete. */
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useCollection, useDeleteCollection, useRemoveFromCollection, useUpdateCollection, type Collection as CollectionData } from "../api/hooks/collections";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { fieldState, ProblemAlert } from "../components/ProblemAlert";
import { usePageTitle } from "../pageTitle";
import { busy } from "../components/busy";

export default function Collection() {
  const { id = "" } = useParams();
  const { data: collection, error, isPending } = useCollection(id);
  usePageTitle(collection?.name);
  if (!collection) return <><PageHeading>Collection</PageHeading>{isPending ? <Loading /> : <ProblemAlert error={error} />}</>;
  return (
    <>
      <PageHeading>{collection.name}</PageHeading>
      <Items collection={collection} />
      <Sharing collection={collection} />
      <Rename key={collection.name} collection={collection} />
      <Delete collection={collection} />
    </>
  );
}

function Items({ collection }: { collection: CollectionData }) {
  const update = useUpdateCollection(collection.id);
  const remove = useRemoveFromCollection(collection.id);
  const [focus, setFocus] = useState<string | null>(null);
  const [said, setSaid] = useState("");
  const items = collection.items;

  useEffect(() => {
    if (focus) document.getElementById(focus)?.focus();
  }, [focus, items]);

  const move = (index: number, by: -1 | 1) => {
    const order = items.map((item) => item.id);
    const [moved] = order.splice(index, 1);
    order.splice(index + by, 0, moved);
    const at = index + by;
    update.mutate({ resource_ids: order }, {
      onSuccess: () => {
        // keep the focus on the same button, or on the other one when this one no longer applies
        const edge = (by === -1 && at === 0) || (by === 1 && at === order.length - 1);
        setFocus(`${edge ? (by === -1 ? "descendre" : "monter") : by === -1 ? "monter" : "descendre"}-${moved}`);
        setSaid(`« ${items[index].title} » est maintenant en position ${at + 1} sur ${order.length}.`);
      },
    });
  };

  return (
    <section aria-labelledby="ressources-collection" className="fr-mb-6w">
      <h2 id="ressources-collection">Ressources</h2>
      <p role="status" className="fr-sr-only">{said}</p>
      <ProblemAlert error={update.error ?? remove.error} />
      {items.length === 0 ? (
        <p>Cette collection est vide. Ajoutez-y des ressources depuis leur page, dans le <Link to="/catalogue">catalogue</Link>.</p>
      ) : (
        <ol>
          {items.map((item, index) => (
            <li key={item.id} className="fr-mb-2w">
              <Link to={`/ressources/${item.id}`}>{item.title}</Link>
              <div className="fr-mt-1w">
                  <Button id={`monter-${item.id}`} className="fr-mr-1w" priority="tertiary" size="small" iconId="fr-icon-arrow-up-line"
                    disabled={index === 0} {...busy(update.isPending)} onClick={() => move(index, -1)}
                    nativeButtonProps={{ "aria-label": `Monter « ${item.title} »` }}>Monter</Button>
                  <Button id={`descendre-${item.id}`} className="fr-mr-1w" priority="tertiary" size="small" iconId="fr-icon-arrow-down-line"
                    disabled={index === items.length - 1} {...busy(update.isPending)} onClick={() => move(index, 1)}
                    nativeButtonProps={{ "aria-label": `Descendre « ${item.title} »` }}>Descendre</Button>
                  <Button priority="tertiary" size="small" iconId="fr-icon-delete-line" {...busy(remove.isPending)}
                    onClick={() => remove.mutate(item.id, { onSuccess: () => setSaid(`« ${item.title} » est retirée de la collection.`) })}
                    nativeButtonProps={{ "aria-label": `Retirer « ${item.title} » de la collection` }}>Retirer</Button>
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Sharing({ collection }: { collection: CollectionData }) {
  const update = useUpdateCollection(collection.id);
  const link = collection.share_token ? `${window.location.origin}/collections/partagees/${collection.share_token}` : null;
  return (
    <section aria-labelledby="partage" className="fr-col-12 fr-col-md-8 fr-mb-6w">
      <h2 id="partage">Partage</h2>
      <ProblemAlert error={update.error} />
      <div role="status">
        {collection.shared && link ? (
          <>
            <p>Toute personne qui a ce lien peut voir la collection (sans votre nom), même sans compte.</p>
            <Input className="fr-mb-2w" label="Lien de partage" nativeInputProps={{ value: link, readOnly: true, onFocus: (e) => e.target.select() }} />
          </>
        ) : <p>Cette collection n’est pas partagée : vous seul la voyez.</p>}
      </div>
      {collection.shared ? (
        <Button priority="secondary" iconId="fr-icon-close-line" {...busy(update.isPending)} onClick={() => update.mutate({ shared: false })}>
          Arrêter le partage
        </Button>
      ) : (
        <Button iconId="fr-icon-links-line" {...busy(update.isPending)} onClick={() => update.mutate({ shared: true })}>
          Partager par un lien
        </Button>
      )}
      {collection.shared && <p className="fr-hint-text fr-mt-1w">Arrêter le partage désactive ce lien ; un nouveau partage en créera un autre.</p>}
    </section>
  );
}

function Rename({ collection }: { collection: CollectionData }) {
  const update = useUpdateCollection(collection.id);
  const [name, setName] = useState(collection.name);
  return (
    <section aria-labelledby="renommer" className="fr-col-12 fr-col-md-8 fr-mb-6w">
      <h2 id="renommer">Renommer</h2>
      <form noValidate onSubmit={(e) => { e.preventDefault(); update.mutate({ name }); }}>
        <ProblemAlert error={update.error} />
        <Input label="Nom de la collection" {...fieldState(update.error, "name")}
          nativeInputProps={{ value: name, onChange: (e) => setName(e.target.value), maxLength: 120 }} />
        <Button type="submit" priority="secondary" {...busy(update.isPending)}>Renommer</Button>
      </form>
    </section>
  );
}

function Delete({ collection }: { collection: CollectionData }) {
  const remove = useDeleteCollection(collection.id);
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  return (
    <section aria-labelledby="supprimer" className="fr-col-12 fr-col-md-8">
      <h2 id="supprimer">Supprimer la collection</h2>
      <ProblemAlert error={remove.error} />
      {confirming ? (
        <Alert severity="warning" title="Supprimer définitivement cette collection ?" role="alert"
          description={<>
            <p>Les ressources restent dans le catalogue ; le lien de partage ne fonctionnera plus.</p>
            <div className="fr-mt-2w">
              <Button className="fr-mr-2w" iconId="fr-icon-delete-line" {...busy(remove.isPending)}
                onClick={() => remove.mutate(undefined, { onSuccess: () => navigate("/collections") })}>Confirmer la suppression</Button>
              <Button priority="secondary" onClick={() => setConfirming(false)}>Annuler</Button>
            </div>
          </>} />
      ) : (
        <Button priority="tertiary" iconId="fr-icon-delete-line" onClick={() => setConfirming(true)}>Supprimer la collection</Button>
      )}
    </section>
  );
}
