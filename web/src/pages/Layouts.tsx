/** "Aménager la classe": the room-layout guides of the catalogue (kind amenagement) with their
 * surface, pupils, zones and furniture, filtered by zone, class size and room size. */
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Card } from "@codegouvfr/react-dsfr/Card";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useSearchParams } from "react-router";
import { useSearch, type SearchQuery } from "../api/hooks/resources";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { ProblemAlert } from "../components/ProblemAlert";
import { label, ZONES } from "../labels";

const PUPILS = ["10", "12", "15", "20", "24"];
const SURFACES = ["30", "40", "50", "60", "80"];

export default function Layouts() {
  const [params, setParams] = useSearchParams();
  const zone = params.get("zone") ?? "";
  const pupils = params.get("eleves") ?? "";
  const surface = params.get("surface") ?? "";
  const query: SearchQuery = { kind: "amenagement", limit: 50, sort: "newest" };
  if (zone) query.zone = zone as SearchQuery["zone"];
  if (pupils) query.min_pupils = Number(pupils);
  if (surface) query.max_surface = Number(surface);
  const search = useSearch(query);
  const page = search.data;
  const change = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };

  return (
    <>
      <PageHeading>Aménager la classe</PageHeading>
      <p className="fr-text--lead">
        Des guides pour organiser une classe dédoublée : espaces de regroupement, d’autonomie, de co-intervention,
        mobilier et conseils, avec le plan de la salle.
      </p>
      <div className="fr-grid-row fr-grid-row--gutters">
        <section className="fr-col-12 fr-col-md-4" aria-labelledby="filtres-amenagement">
          <h2 id="filtres-amenagement" className="fr-h4">Filtrer</h2>
          <Select label="Espace de la classe" nativeSelectProps={{ value: zone, onChange: (e) => change("zone", e.target.value) }}>
            <option value="">Tous</option>
            {Object.entries(ZONES).map(([value, name]) => <option key={value} value={value}>{name}</option>)}
          </Select>
          <Select label="Élèves accueillis, au moins" nativeSelectProps={{ value: pupils, onChange: (e) => change("eleves", e.target.value) }}>
            <option value="">Peu importe</option>
            {PUPILS.map((n) => <option key={n} value={n}>{`${n} élèves`}</option>)}
          </Select>
          <Select label="Surface de la salle, au plus" nativeSelectProps={{ value: surface, onChange: (e) => change("surface", e.target.value) }}>
            <option value="">Peu importe</option>
            {SURFACES.map((n) => <option key={n} value={n}>{`${n} m²`}</option>)}
          </Select>
        </section>
        <section className="fr-col-12 fr-col-md-8" aria-labelledby="guides">
          <h2 id="guides" className="fr-h4">Guides d’aménagement</h2>
          <p role="status">
            {page ? (page.total === 0 ? "Aucun guide ne correspond." : `${page.total} guide${page.total > 1 ? "s" : ""} trouvé${page.total > 1 ? "s" : ""}.`) : ""}
          </p>
          {search.isPending && <Loading />}
          <ProblemAlert error={search.error} />
          <ul className="fr-raw-list">
            {page?.items.map((item) => (
              <li key={item.id} className="fr-mb-3w">
                <Card
                  title={item.title}
                  titleAs="h3"
                  size="small"
                  linkProps={{ to: `/ressources/${item.id}` }}
                  enlargeLink
                  desc={<>
                    {item.summary}
                    {item.layout && item.layout.furniture.length > 0 && <><br />Mobilier : {item.layout.furniture.join(", ")}.</>}
                  </>}
                  detail={item.layout ? `${item.layout.surface_m2} m² · ${item.layout.pupils} élèves` : undefined}
                  start={item.layout && (
                    <ul className="fr-badges-group">
                      {item.layout.zones.map((z) => <li key={z}><Badge small noIcon>{label(ZONES, z)}</Badge></li>)}
                    </ul>
                  )}
                />
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}
