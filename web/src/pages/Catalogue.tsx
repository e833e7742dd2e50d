import { Button } from "@codegouvfr/react-dsfr/Button";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useNavigate, useSearchParams } from "react-router";
import { useSearch, useTaxonomy, type SearchPage, type SearchQuery } from "../api/hooks/resources";
import { Loading } from "../components/Loading";
import { ResourceCard } from "../components/ResourceCard";
import { PageHeading } from "../components/PageHeading";
import { ProblemAlert } from "../components/ProblemAlert";
import { SearchCombobox } from "../components/SearchCombobox";
import { DURATIONS, KINDS, label, LICENCES, ZONES } from "../labels";

type FacetName = keyof SearchPage["facets"];
const FILTERS: { facet: FacetName; param: keyof SearchQuery; title: string; labels?: Record<string, string> }[] = [
  { facet: "kind", param: "kind", title: "Type", labels: KINDS },
  { facet: "level", param: "level", title: "Niveau" },
  { facet: "topic", param: "topic", title: "Thème" },
  { facet: "duration", param: "max_duration", title: "Durée", labels: DURATIONS },
  { facet: "zone", param: "zone", title: "Espace de la classe", labels: ZONES },
  { facet: "licence", param: "licence", title: "Licence", labels: LICENCES },
];
const PARAMS = ["q", "cursor", ...FILTERS.map((f) => f.param)] as const;

export default function Catalogue() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const query = Object.fromEntries(PARAMS.flatMap((name) => (params.get(name) ? [[name, params.get(name)]] : []))) as SearchQuery;
  if (query.max_duration) query.max_duration = Number(query.max_duration);
  const search = useSearch(query);
  const topics = useTopicLabels();

  const change = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete("cursor");
    setParams(next);
  };
  const page = search.data;

  return (
    <>
      <PageHeading>Catalogue des ressources</PageHeading>
      <SearchCombobox
        key={params.get("q") ?? ""}
        initial={params.get("q") ?? ""}
        onSearch={(text) => change("q", text.trim() || null)}
        onPick={(s) => (s.type === "title" && s.resource_id ? navigate(`/ressources/${s.resource_id}`) : change("topic", s.topic))}
      />
      <div className="fr-grid-row fr-grid-row--gutters">
        <section className="fr-col-12 fr-col-md-4" aria-labelledby="filtres">
          <h2 id="filtres" className="fr-h4">Filtrer</h2>
          {FILTERS.map(({ facet, param, title, labels }) => {
            const counts = (page?.facets[facet] ?? []).filter((c) => !(facet === "duration" && c.value === "plus"));
            const current = params.get(param) ?? "";
            const name = (value: string) => (facet === "topic" ? topics(value) : labels ? label(labels, value) : value);
            return (
              <Select key={facet} label={title} nativeSelectProps={{ value: current, onChange: (e) => change(param, e.target.value || null) }}>
                <option value="">Tous</option>
                {current && !counts.some((c) => c.value === current) && <option value={current}>{name(current)}</option>}
                {counts.map((c) => (
                  <option key={c.value} value={c.value}>{`${name(c.value)} (${c.count})`}</option>
                ))}
              </Select>
            );
          })}
        </section>
        <section className="fr-col-12 fr-col-md-8" aria-labelledby="resultats">
          <h2 id="resultats" className="fr-h4">Résultats</h2>
          <p role="status">
            {page ? (page.total === 0 ? "Aucune ressource ne correspond." : `${page.total} ressource${page.total > 1 ? "s" : ""} trouvée${page.total > 1 ? "s" : ""}.`) : ""}
          </p>
          {search.isPending && <Loading />}
          <ProblemAlert error={search.error} />
          <ul className="fr-raw-list">
            {page?.items.map((item) => (
              <li key={item.id} className="fr-mb-3w">
                <ResourceCard resource={item} />
              </li>
            ))}
          </ul>
          {page?.next_cursor && (
            <Button priority="secondary" onClick={() => setParams(withCursor(params, page.next_cursor!))}>
              Résultats suivants
            </Button>
          )}
        </section>
      </div>
    </>
  );
}

function withCursor(params: URLSearchParams, cursor: string) {
  const next = new URLSearchParams(params);
  next.set("cursor", cursor);
  return next;
}

function useTopicLabels() {
  const taxonomy = useTaxonomy().data;
  const names = new Map<string, string>();
  for (const domain of taxonomy?.domains ?? []) {
    names.set(domain.slug, domain.label);
    for (const sub of domain.subdomains) names.set(sub.slug, sub.label);
  }
  return (slug: string) => names.get(slug) ?? slug;
}
