import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useRef, useState } from "react";
import { useRoleChange, useSanction, type PrivilegedRole, type SanctionAction } from "../api/hooks/admin";
import { useMemberSearch, type Profile } from "../api/hooks/community";
import { MemberLink } from "../components/community/MemberLink";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { fieldState, ProblemAlert } from "../components/ProblemAlert";
import { busy } from "../components/busy";
import { PRIVILEGED_ROLES, roleLabel } from "../labels";

const PRIVILEGED: Record<PrivilegedRole, string> = PRIVILEGED_ROLES;
const ACTIONS: Record<SanctionAction, string> = { warn: "Avertir", suspend: "Suspendre", ban: "Exclure", lift: "Lever la sanction" };

/** For administrators: find a member by name, give or take back a privileged role, sanction. */
export default function AdminMembers() {
  const [name, setName] = useState("");
  const [submitted, setSubmitted] = useState("");
  const found = useMemberSearch(submitted);
  return (
    <>
      <PageHeading>Gestion des membres</PageHeading>
      <form role="search" className="fr-mb-4w" onSubmit={(e) => { e.preventDefault(); setSubmitted(name); }}>
        <Input label="Nom du membre" hintText="Deux lettres au moins."
          nativeInputProps={{ value: name, minLength: 2, required: true, onChange: (e) => setName(e.target.value) }} />
        <Button type="submit">Chercher</Button>
      </form>
      {found.isFetching && <Loading />}
      <ProblemAlert error={found.error} />
      <p role="status">{found.data ? `${found.data.items.length} membre${found.data.items.length > 1 ? "s" : ""} trouvé${found.data.items.length > 1 ? "s" : ""}.` : ""}</p>
      {found.data?.items.map((profile) => <MemberPanel key={profile.id} profile={profile} />)}
    </>
  );
}

function MemberPanel({ profile }: { profile: Profile }) {
  const held = profile.roles.filter((role): role is PrivilegedRole => role in PRIVILEGED);
  const headingId = `membre-${profile.id}`;
  return (
    <section aria-labelledby={headingId} className="fr-p-3w fr-mb-3w" style={{ border: "1px solid var(--border-default-grey)" }}>
      <h2 id={headingId} className="fr-h5"><MemberLink id={profile.id} name={profile.display_name} /></h2>
      <p className="fr-text--sm">Rôles : {profile.roles.map(roleLabel).join(", ")}</p>
      <Roles profile={profile} held={held} />
      <Sanction profile={profile} />
    </section>
  );
}

function Roles({ profile, held }: { profile: Profile; held: PrivilegedRole[] }) {
  const change = useRoleChange();
  const grantable = (Object.keys(PRIVILEGED) as PrivilegedRole[]).filter((role) => !held.includes(role));
  const [role, setRole] = useState<PrivilegedRole | "">("");
  const select = useRef<HTMLSelectElement>(null);
  // a role given leaves the list, a role taken back takes its button with it: the focus goes back to the list
  const save = (value: PrivilegedRole, grant: boolean) => change.mutateAsync({ id: profile.id, role: value, grant })
    .then(() => { setRole(""); select.current?.focus(); }, () => undefined);
  return (
    <div className="fr-mb-3w">
      <form onSubmit={(e) => { e.preventDefault(); if (role) void save(role, true); }}>
        <Select label={`Donner un rôle à ${profile.display_name}`}
          nativeSelectProps={{ ref: select, value: role, onChange: (e) => setRole(e.target.value as PrivilegedRole) }}>
          <option value="">Choisir un rôle</option>
          {grantable.map((value) => <option key={value} value={value}>{PRIVILEGED[value]}</option>)}
        </Select>
        <Button type="submit" size="small" disabled={!role} {...busy(change.isPending)}>
          Donner le rôle<span className="fr-sr-only"> à {profile.display_name}</span>
        </Button>
      </form>
      {held.map((value) => (
        <Button key={value} size="small" priority="secondary" className="fr-mt-1w fr-mr-1w" {...busy(change.isPending)}
          onClick={() => void save(value, false)}>
          Retirer le rôle {PRIVILEGED[value].toLowerCase()}<span className="fr-sr-only"> à {profile.display_name}</span>
        </Button>
      ))}
      <p role="status">{change.isSuccess ? "Rôles enregistrés." : ""}</p>
      <ProblemAlert error={change.error} />
    </div>
  );
}

function Sanction({ profile }: { profile: Profile }) {
  const sanction = useSanction();
  const [action, setAction] = useState<SanctionAction>("warn");
  const [days, setDays] = useState("7");
  const [reason, setReason] = useState("");
  return (
    <form onSubmit={(e) => {
      e.preventDefault();
      sanction.mutate({ id: profile.id, action, ...(action === "suspend" ? { days: Number(days) } : {}), ...(action !== "lift" ? { reason } : {}) });
    }}>
      <Select label={`Sanction pour ${profile.display_name}`} nativeSelectProps={{ value: action, onChange: (e) => setAction(e.target.value as SanctionAction) }}
        {...fieldState(sanction.error, "action")}>
        {(Object.keys(ACTIONS) as SanctionAction[]).map((value) => <option key={value} value={value}>{ACTIONS[value]}</option>)}
      </Select>
      {action === "suspend" && (
        <Input label="Durée de la suspension (jours)" nativeInputProps={{ type: "number", min: 1, value: days, onChange: (e) => setDays(e.target.value) }}
          {...fieldState(sanction.error, "days")} />
      )}
      {action !== "lift" && (
        <Input label="Motif (le membre le lira)" textArea nativeTextAreaProps={{ value: reason, onChange: (e) => setReason(e.target.value) }}
          {...fieldState(sanction.error, "reason")} />
      )}
      <Button type="submit" size="small" priority="tertiary" {...busy(sanction.isPending)}>
        Appliquer<span className="fr-sr-only"> la sanction à {profile.display_name}</span>
      </Button>
      <p role="status">{sanction.isSuccess ? "Sanction enregistrée." : ""}</p>
      <ProblemAlert error={sanction.error} />
    </form>
  );
}
