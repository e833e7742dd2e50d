/** A member's name as a link to their profile (/membres/:id). What a deleted account wrote keeps
 * an author without a profile ("Compte supprimé"): their name stays plain text. */
import { Link } from "react-router";

/** The author id community gives what a deleted account wrote (its contract's `Person`, 2.5.0). */
export const DELETED_MEMBER_ID = "f".repeat(24);

export const memberPath = (id: string) => `/membres/${id}`;

export function MemberLink({ id, name }: { id: string; name: string }) {
  if (id === DELETED_MEMBER_ID) return <>{name}</>;
  return <Link to={memberPath(id)}>{name}</Link>;
}
