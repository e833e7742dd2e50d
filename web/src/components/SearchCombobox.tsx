/** The catalogue's search field with suggestions as the person types: an ARIA 1.2 combobox
 * (arrows move in the list, Enter picks, Escape closes), styled as the DSFR search bar. */
import { useId, useState, type FormEvent, type KeyboardEvent } from "react";
import { useSuggestions } from "../api/hooks/resources";

type Suggestion = { text: string; type: "topic" | "title"; resource_id: string | null; topic: string | null };

export function SearchCombobox({ initial, onSearch, onPick }: {
  initial: string;
  onSearch: (text: string) => void;
  onPick: (suggestion: Suggestion) => void;
}) {
  const [text, setText] = useState(initial);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const id = useId();
  const suggestions = (useSuggestions(text).data?.suggestions ?? []) as Suggestion[];
  const expanded = open && suggestions.length > 0;

  const pick = (suggestion: Suggestion) => {
    setOpen(false);
    setActive(-1);
    if (suggestion.type === "title") setText(suggestion.text);
    onPick(suggestion);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setOpen(false);
    onSearch(text);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" && suggestions.length) {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (open ? (i + 1) % suggestions.length : 0));
    } else if (event.key === "ArrowUp" && suggestions.length) {
      event.preventDefault();
      setActive((i) => (i <= 0 ? suggestions.length - 1 : i - 1));
    } else if (event.key === "Escape" && expanded) {
      event.preventDefault(); // close the list only; a second Escape empties the field
      setOpen(false);
      setActive(-1);
    } else if (event.key === "Enter" && expanded && active >= 0) {
      event.preventDefault();
      pick(suggestions[active]);
    }
  };

  return (
    <form role="search" onSubmit={submit} className="fr-mb-3w">
      <label className="fr-label" htmlFor={`${id}-q`}>
        Chercher une ressource
        <span className="fr-hint-text">Des mots en français, par exemple « phonologie » ou « coin lecture ».</span>
      </label>
      <div className="fr-search-bar fr-search-bar--lg fr-mt-1w" style={{ position: "relative" }}>
        <input
          id={`${id}-q`}
          className="fr-input"
          type="search"
          name="q"
          autoComplete="off"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={`${id}-list`}
          aria-activedescendant={expanded && active >= 0 ? `${id}-option-${active}` : undefined}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setOpen(false)}
        />
        <button className="fr-btn" type="submit" title="Rechercher">Rechercher</button>
        <ul
          id={`${id}-list`}
          role="listbox"
          aria-label="Suggestions"
          hidden={!expanded}
          className="classe12-suggestions"
        >
          {suggestions.map((suggestion, index) => (
            <li
              key={`${suggestion.type}-${suggestion.text}`}
              id={`${id}-option-${index}`}
              role="option"
              aria-selected={index === active}
              onMouseDown={(event) => {
                event.preventDefault(); // keep the focus in the field
                pick(suggestion);
              }}
            >
              {suggestion.text}
              <span className="fr-sr-only">, </span>
              <span className="fr-text--xs fr-ml-1w">{suggestion.type === "topic" ? "thème" : "ressource"}</span>
            </li>
          ))}
        </ul>
      </div>
    </form>
  );
}
