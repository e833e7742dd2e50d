import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Card } from "@codegouvfr/react-dsfr/Card";
import type { ReactNode } from "react";
import { KINDS, label } from "../labels";

type ResourceSummary = { id: string; title: string; summary: string; kind: string; levels: string[] };

/** A resource in a list: title (link to its page, or `to`), summary (or `desc`), kind and levels. */
export function ResourceCard({ resource, titleAs = "h3", to, desc, detail }: {
  resource: ResourceSummary;
  titleAs?: "h2" | "h3" | "h4";
  to?: string;
  desc?: ReactNode;
  detail?: string;
}) {
  return (
    <Card
      title={resource.title}
      titleAs={titleAs}
      desc={desc ?? resource.summary}
      detail={detail}
      linkProps={{ to: to ?? `/ressources/${resource.id}` }}
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
