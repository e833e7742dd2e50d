import { Button } from "@codegouvfr/react-dsfr/Button";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useEffect, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { useDeleteAccount } from "../../api/hooks/account";
import { fieldState, ProblemAlert } from "../../components/ProblemAlert";
import { busy } from "../../components/busy";

const DELETED = "Votre compte est supprimé. Vos données personnelles sont effacées ; ce que vous avez publié reste, anonymisé.";

/** What deletion erases and keeps (docs/privacy.md, "Account deletion"), then a confirmation step. */
export function DeleteAccount() {
  const [confirming, setConfirming] = useState(false);
  const [password, setPassword] = useState("");
  const [understood, setUnderstood] = useState(false);
  const navigate = useNavigate();
  const remove = useDeleteAccount(() => navigate("/", { state: { message: DELETED } }));
  const step = useRef<HTMLFieldSetElement>(null);
  useEffect(() => {
    if (confirming) step.current?.querySelector("input")?.focus();
  }, [confirming]);
  return (
    <section aria-labelledby="supprimer">
      <h2 id="supprimer">Supprimer mon compte</h2>
      <p>La suppression est définitive. Pensez à télécharger vos données avant.</p>
      <h3 className="fr-h6">Ce qui est effacé</h3>
      <ul>
        <li>votre compte : adresse e-mail, mot de passe, nom affiché, profil, école, niveaux, rôles ;</li>
        <li>vos sessions, vos adhésions aux groupes, vos réactions et signalements ;</li>
        <li>vos favoris, vos notes et avis, vos collections, vos ressources jamais publiées et leurs fichiers ;</li>
        <li>vos préférences et abonnements, vos notifications et les appareils qui les reçoivent ;</li>
        <li>pour un parent : ses liens avec les élèves et ses observations faites à la maison.</li>
      </ul>
      <h3 className="fr-h6">Ce qui est gardé, anonymisé</h3>
      <ul>
        <li>vos messages dans les discussions restent (d'autres y ont répondu) : leur auteur devient « Compte supprimé » ;</li>
        <li>vos ressources publiées restent, sous leur licence ouverte : leur auteur devient « Auteur·e ayant supprimé son compte » ;</li>
        <li>les journaux de modération et le suivi des classes gardent leurs entrées, avec un pseudonyme que personne ne peut relier à vous ;</li>
        <li>un groupe dont vous êtes propriétaire passe à un autre membre ; une classe que vous partagez passe à votre co-enseignant ou co-enseignante.</li>
      </ul>
      {!confirming ? (
        <Button type="button" priority="secondary" iconId="fr-icon-delete-line" onClick={() => setConfirming(true)}>
          Supprimer mon compte…
        </Button>
      ) : (
        <form onSubmit={(e) => { e.preventDefault(); remove.mutate(password); }}>
          <fieldset ref={step} className="fr-fieldset" aria-labelledby="confirmer-suppression">
            <legend id="confirmer-suppression" className="fr-fieldset__legend">Confirmer la suppression de mon compte</legend>
            <div className="fr-fieldset__element">
              <ProblemAlert error={remove.error} />
              <Input label="Mot de passe" hintText="Votre mot de passe actuel, pour confirmer que c'est bien vous."
                nativeInputProps={{ type: "password", autoComplete: "current-password", required: true, value: password, onChange: (e) => setPassword(e.target.value) }}
                {...fieldState(remove.error, "password")} />
              <Checkbox options={[{ label: "J'ai compris que la suppression est définitive.",
                nativeInputProps: { checked: understood, required: true, onChange: () => setUnderstood(!understood) } }]} />
              <Button type="submit" iconId="fr-icon-delete-line" {...busy(remove.isPending)} className="fr-mr-2w">
                Supprimer définitivement mon compte
              </Button>
              <Button type="button" priority="secondary" onClick={() => { setConfirming(false); remove.reset(); }}>Annuler</Button>
            </div>
          </fieldset>
        </form>
      )}
    </section>
  );
}
