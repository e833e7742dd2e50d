import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { STATUSES } from "../labels";

/** A resource's state in the editorial workflow (brouillon, en relecture…). */
export function StatusBadge({ status, small = false }: { status: string; small?: boolean }) {
  const state = STATUSES[status] ?? { label: status, severity: "info" as const };
  return <Badge small={small} severity={state.severity}>{state.label}</Badge>;
}
