import { ToggleSwitch } from "@codegouvfr/react-dsfr/ToggleSwitch";
import { useDevicePush, useSetDevicePush } from "../api/hooks/push";
import { useSignedIn } from "../auth/useSession";
import { PageHeading } from "../components/PageHeading";
import { ProblemAlert } from "../components/ProblemAlert";

/** Web push on this device: a toggle that subscribes the browser and registers it with the API. */
export default function DeviceNotifications() {
  const signedIn = useSignedIn();
  const device = useDevicePush(signedIn);
  const change = useSetDevicePush();
  const state = device.data;
  const on = Boolean(state?.subscriptionId);
  const usable = signedIn && Boolean(state?.supported) && !change.isPending && !device.isPending;
  return (
    <div className="fr-col-12 fr-col-md-8">
      <PageHeading>Notifications sur cet appareil</PageHeading>
      <p>
        Recevez sur cet ordinateur ou ce téléphone une notification quand une de vos ressources est relue,
        quand on vous répond ou quand on vous cite, même quand Classe à 12 n'est pas ouvert.
        Chaque appareil s'abonne séparément ; vous pouvez le désabonner à tout moment.
      </p>
      {state && !state.supported && <p>Ce navigateur ne sait pas recevoir de notifications.</p>}
      {state?.permission === "denied" && (
        <p>Le navigateur bloque les notifications de ce site : autorisez-les dans les réglages du site pour les recevoir.</p>
      )}
      <ProblemAlert error={device.error ?? change.error} />
      <ToggleSwitch
        label="Notifications sur cet appareil"
        helperText="Le navigateur vous demandera votre accord la première fois."
        checked={on}
        disabled={!usable}
        onChange={(checked) => change.mutate({ on: checked, subscriptionId: state?.subscriptionId ?? null })}
      />
      <p className="fr-mt-2w" role="status">
        {change.isPending ? "Enregistrement…" : on ? "Cet appareil reçoit vos notifications." : "Cet appareil ne reçoit pas vos notifications."}
      </p>
    </div>
  );
}
