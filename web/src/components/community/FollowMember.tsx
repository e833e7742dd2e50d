/** "Suivre ce membre" on someone else's profile: the resources the member writes or publishes then
 * reach the follower (the notifications service's `member:` follows; PUT /me/follows with the whole list). */
import { Button } from "@codegouvfr/react-dsfr/Button";
import { useFollows, useSetFollows } from "../../api/hooks/notifications";
import { ProblemAlert } from "../ProblemAlert";
import { busy } from "../busy";

export function FollowMember({ memberId, name }: { memberId: string; name: string }) {
  const follows = useFollows();
  const set = useSetFollows();
  if (!follows.data) return <ProblemAlert error={follows.error} />;
  const followed = follows.data.members;
  const following = followed.includes(memberId);
  const toggle = () => set.mutate({ members: following ? followed.filter((id) => id !== memberId) : [...followed, memberId] });
  return (
    <div className="fr-mb-3w">
      <Button priority={following ? "secondary" : "primary"} iconId={following ? "fr-icon-check-line" : "fr-icon-user-add-line"}
        aria-pressed={following} {...busy(set.isPending)} onClick={toggle}>
        {following ? "Vous suivez ce membre" : "Suivre ce membre"}
      </Button>
      <p role="status" className="fr-sr-only">
        {set.isSuccess ? (following ? `Vous suivez ${name} : ses nouvelles ressources vous seront signalées.` : `Vous ne suivez plus ${name}.`) : ""}
      </p>
      <ProblemAlert error={set.error} />
    </div>
  );
}
