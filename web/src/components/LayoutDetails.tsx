/** What a room-layout guide describes: surface, pupils, zones, furniture, tips, and its plan. */
import type { Resource } from "../api/hooks/resources";
import { label, ZONES } from "../labels";

export function LayoutDetails({ resource }: { resource: Resource }) {
  const layout = resource.layout;
  if (!layout) return null;
  const plan = resource.files.find((f) => f.id === layout.plan_file_id);
  return (
    <section aria-labelledby="amenagement" className="fr-mb-4w">
      <h2 id="amenagement">L’aménagement</h2>
      <ul>
        <li>Surface : {layout.surface_m2} m²</li>
        <li>Élèves : {layout.pupils}</li>
        {layout.zones.length > 0 && <li>Espaces : {layout.zones.map((z) => label(ZONES, z)).join(", ")}</li>}
        {layout.furniture.length > 0 && <li>Mobilier : {layout.furniture.join(", ")}</li>}
      </ul>
      {layout.tips.length > 0 && (
        <>
          <h3 className="fr-h5">Conseils</h3>
          <ul>{layout.tips.map((tip) => <li key={tip}>{tip}</li>)}</ul>
        </>
      )}
      {plan && (
        <figure className="fr-content-media fr-mx-0">
          <img className="fr-responsive-img" src={`/api/v1/resources/${resource.id}/files/${plan.id}`}
            alt={`Plan de la classe : ${plan.title ?? plan.filename}. Les espaces sont décrits ci-dessus.`} />
          <figcaption className="fr-content-media__caption">{plan.title ?? "Plan de la classe"}</figcaption>
        </figure>
      )}
    </section>
  );
}
