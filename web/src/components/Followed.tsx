/** Pieces of the follows page: a list of what is followed with a button to stop each, and a
 * search whose results each get a button to follow. */
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { Link } from "react-router";
import type { Named } from "../api/hooks/follows";
import { busy } from "./busy";

/** A followed item: its name, optionally a link to it and a few words after it. */
export type FollowedItem = Named & { to?: string; detail?: ReactNode };

export function FollowedList({ items, empty, onRemove, pending }: { items: FollowedItem[]; empty: string; onRemove: (id: string) => void; pending: boolean }) {
  const list = useRef<HTMLDivElement>(null);
  const removedAt = useRef<number | null>(null);
  // the pressed button leaves with its item: the focus goes to the next item's button (or the
  // previous one, or the list saying it is empty), never to the page's body
  useEffect(() => {
    const container = list.current;
    if (removedAt.current === null || !container || container.contains(document.activeElement)) return;
    const buttons = container.querySelectorAll<HTMLElement>("button");
    (buttons[Math.min(removedAt.current, buttons.length - 1)] ?? container).focus();
    removedAt.current = null;
  }, [items]);
  const remove = (index: number, id: string) => { removedAt.current = index; onRemove(id); };
  return (
    <div ref={list} tabIndex={-1}>
      {items.length === 0 ? <p>{empty}</p> : (
        <ul className="fr-raw-list fr-mb-2w">
          {items.map((item, index) => (
            <li key={item.id} className="fr-grid-row fr-grid-row--middle fr-mb-1w">
              <span className="fr-mr-2w">
                {item.to ? <Link to={item.to}>{item.name}</Link> : item.name}
                {item.detail && <span className="fr-text--sm fr-mb-0"> · {item.detail}</span>}
              </span>
              <Button priority="tertiary" size="small" iconId="fr-icon-close-line" {...busy(pending)} onClick={() => remove(index, item.id)}>
                Ne plus suivre<span className="fr-sr-only"> : {item.name}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A search field (2 letters at least) and its results, each with "Suivre". */
export function SearchToFollow({ label, useSearch, followed, onFollow, pending }: {
  label: string;
  useSearch: (text: string) => { data?: Named[]; isFetching: boolean };
  followed: string[];
  onFollow: (item: Named) => void;
  pending: boolean;
}) {
  const [text, setText] = useState("");
  const [asked, setAsked] = useState("");
  const results = useSearch(asked);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAsked(text.trim());
  };
  return (
    <form onSubmit={submit} className="fr-mb-2w">
      <div className="fr-grid-row fr-grid-row--bottom">
        <Input className="fr-mb-0 fr-mr-2w" label={label} hintText="Deux lettres au moins."
          nativeInputProps={{ type: "search", value: text, onChange: (e) => setText(e.target.value) }} />
        <Button type="submit" priority="secondary">Chercher</Button>
      </div>
      <p role="status" className="fr-sr-only">
        {asked.length >= 2 && results.data ? `${results.data.length} résultat${results.data.length > 1 ? "s" : ""}.` : ""}
      </p>
      {asked.length >= 2 && results.data?.length === 0 && <p className="fr-mt-1w">Aucun résultat.</p>}
      <ul className="fr-raw-list fr-mt-2w">
        {results.data?.map((item) => (
          <li key={item.id} className="fr-grid-row fr-grid-row--middle fr-mb-1w">
            <span className="fr-mr-2w">{item.name}</span>
            {followed.includes(item.id) ? <span className="fr-text--sm fr-mb-0">Déjà suivi</span> : (
              <Button type="button" priority="secondary" size="small" iconId="fr-icon-add-line" {...busy(pending)} onClick={() => onFollow(item)}>
                Suivre<span className="fr-sr-only"> : {item.name}</span>
              </Button>
            )}
          </li>
        ))}
      </ul>
    </form>
  );
}
