/** The text of a post (Markdown) and its mentions: "@Name" typed or inserted from the list of the
 * group's members; on sending, the names found in the text become the API's member ids. */
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useState } from "react";
import { useGroupMembers } from "../../api/hooks/community";
import { fieldState } from "../ProblemAlert";

type Props = {
  groupId: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: unknown;
  /** the member writing (not offered for a mention) */
  selfId?: string;
};

export function PostFields({ groupId, label, value, onChange, error, selfId }: Props) {
  const members = (useGroupMembers(groupId, true).data?.items ?? []).filter((m) => m.member_id !== selfId);
  const [chosen, setChosen] = useState("");
  const [said, setSaid] = useState("");
  const insert = () => {
    const member = members.find((m) => m.member_id === chosen);
    if (!member) return;
    const mention = `@${member.display_name}`;
    onChange(value && !value.endsWith(" ") && !value.endsWith("\n") ? `${value} ${mention} ` : `${value}${mention} `);
    setSaid(`${mention} ajouté au message.`);
  };
  return (
    <>
      <Input
        label={label}
        hintText="Markdown accepté : **gras**, *italique*, listes, liens. Pour prévenir quelqu’un du groupe, écrivez @ suivi de son nom."
        textArea
        nativeTextAreaProps={{ value, onChange: (e) => onChange(e.target.value), rows: 6, required: true }}
        {...fieldState(error, "body")}
      />
      {members.length > 0 && (
        <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom fr-mb-2w">
          <div className="fr-col-12 fr-col-md-6">
            <Select label="Mentionner un membre du groupe" hint="Ajoute « @Nom » à la fin du texte ; la personne sera prévenue."
              nativeSelectProps={{ value: chosen, onChange: (e) => setChosen(e.target.value) }}>
              <option value="">Choisir un membre</option>
              {members.map((m) => <option key={m.member_id} value={m.member_id}>{m.display_name}</option>)}
            </Select>
          </div>
          <div className="fr-col-12 fr-col-md-6 fr-mb-3w">
            <Button type="button" priority="secondary" onClick={insert}>Insérer la mention</Button>
          </div>
        </div>
      )}
      <p role="status" className="fr-sr-only">{said}</p>
    </>
  );
}
