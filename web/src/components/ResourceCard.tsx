import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Card } from "@codegouvfr/react-dsfr/Card";
import { KINDS, label } from "../labels";

type ResourceSummary = { id: string; title: string; summary: string; kind: string; levels: string[] };

/** A resource in a list: title (link), summary, kind and levels. */
export function ResourceCard({ resource, titleAs = "h3" }: { resource: ResourceSummary; titleAs?: "h2" | "h3" | "h4" }) {
  return (
    <Card
      title={resource.title}
      titleAs={titleAs}
      desc={resource.summary}
      linkProps={{ to: `/ressources/${resource.id}` }}
      enlargeLink
      size="small"
      start={
        <ul className="fr-badges-group">
          <li><Badge small severity="info" noIcon>{label(KINDS, resource.kind)}</Badge></li>
          {resource.levels.map((level) => <li key={level}><Badge small noIcon>{level}</Badge></li>)}
        </ul>
      }
    />
  );
}
