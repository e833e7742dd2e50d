/** A group as a DSFR card: its name (a link to its page), scope, access, member count, the caller's
 * membership, and the button to join, ask, accept an invitation or withdraw a request. */
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Card } from "@codegouvfr/react-dsfr/Card";
import type { Group } from "../../api/hooks/community";
import { useMembershipChange } from "../../api/hooks/community";
import { PublishProblem } from "./PublishProblem";
import { busy } from "../busy";

export const SCOPES: Record<Group["scope"], string> = { national: "National", local: "Local" };
export const ACCESS: Record<Group["access"], string> = { open: "Ouvert", on_request: "Sur demande", private: "Privé" };

export const memberCount = (n: number) => `${n} membre${n > 1 ? "s" : ""}`;

export function GroupCard({ group, titleAs = "h3" }: { group: Group; titleAs?: "h3" | "h4" }) {
  const change = useMembershipChange();
  const state = group.membership?.state ?? "none";
  const action =
    state === "invited" ? { join: true, text: "Accepter l’invitation" }
    : state === "requested" ? { join: false, text: "Retirer ma demande" }
    : state === "member" ? null
    : group.access === "on_request" ? { join: true, text: "Demander à rejoindre" }
    : { join: true, text: "Rejoindre" };
  return (
    <Card
      title={group.name}
      titleAs={titleAs}
      size="small"
      linkProps={{ to: `/communaute/groupes/${group.id}` }}
      desc={group.description}
      start={
        <ul className="fr-badges-group">
          <li><Badge small severity="info" noIcon>{SCOPES[group.scope]}</Badge></li>
          <li><Badge small noIcon>{ACCESS[group.access]}</Badge></li>
          {state === "member" && <li><Badge small severity="success" noIcon>Membre</Badge></li>}
          {state === "requested" && <li><Badge small severity="new" noIcon>Demande envoyée</Badge></li>}
          {state === "invited" && <li><Badge small severity="new" noIcon>Invitation</Badge></li>}
        </ul>
      }
      end={<p className="fr-card__detail">{memberCount(group.member_count)}</p>}
      footer={
        action && (
          <>
            <Button size="small" priority={action.join ? "primary" : "secondary"} {...busy(change.isPending)}
              onClick={() => change.mutate({ id: group.id, join: action.join })}>
              {action.text}<span className="fr-sr-only"> : {group.name}</span>
            </Button>
            <PublishProblem error={change.error} />
          </>
        )
      }
    />
  );
}
