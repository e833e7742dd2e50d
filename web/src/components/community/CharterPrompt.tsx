/** The community charter to accept before publishing, shown while the member has not accepted the
 * version in force (GET /charter: accepted_version below version). */
import { Accordion } from "@codegouvfr/react-dsfr/Accordion";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { CallOut } from "@codegouvfr/react-dsfr/CallOut";
import { useAcceptCharter, useCharter } from "../../api/hooks/community";
import { Markdown } from "../Markdown";
import { PublishProblem } from "./PublishProblem";
import { busy } from "../busy";

/** Whether the member still has to accept the charter in force (undefined while unknown). */
export function useCharterToAccept(): boolean | undefined {
  const charter = useCharter().data;
  return charter ? (charter.accepted_version ?? 0) < charter.version : undefined;
}

export function CharterPrompt() {
  const { data: charter } = useCharter();
  const accept = useAcceptCharter();
  if (!charter || (charter.accepted_version ?? 0) >= charter.version) {
    return <p role="status" className="fr-sr-only">{accept.isSuccess ? "Charte acceptée : vous pouvez publier." : ""}</p>;
  }
  return (
    <CallOut title="Acceptez la charte de la communauté pour publier" titleAs="h2" className="fr-my-3w">
      <span style={{ display: "block" }}>
        Pour ouvrir une discussion ou répondre, acceptez d’abord la charte (version {charter.version}).
      </span>
      <Accordion label={`Lire la charte : ${charter.title}`} className="fr-my-2w">
        <Markdown source={charter.body} />
      </Accordion>
      <Button onClick={() => accept.mutate(charter.version)} {...busy(accept.isPending)}>J’accepte la charte</Button>
      <PublishProblem error={accept.error} />
    </CallOut>
  );
}
