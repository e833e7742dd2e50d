import { Button } from "@codegouvfr/react-dsfr/Button";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useRef, useState } from "react";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useDecideMembership, useGroupPeople, useInvite, useMemberSearch, useSetGroupRole, type Group, type GroupMember, type GroupRole } from "../../api/hooks/community";
import { Loading } from "../Loading";
import { MemberLink } from "./MemberLink";
import { ProblemAlert } from "../ProblemAlert";
import { busy } from "../busy";

const ROLES: Record<GroupRole, string> = { owner: "Propriétaire", moderator: "Modérateur ou modératrice", member: "Membre" };

/** For a group's owners and moderators (and admins): the requests to accept or refuse; owners
 * (and admins) also give the roles. */
export function GroupManagement({ group, owns }: { group: Group; owns: boolean }) {
  return (
    <section aria-labelledby="gerer-groupe" className="fr-mt-6w">
      <h2 id="gerer-groupe">Gérer le groupe</h2>
      <Requests group={group} />
      <Invite group={group} />
      {owns && <Roles group={group} />}
    </section>
  );
}

function Requests({ group }: { group: Group }) {
  const requests = useGroupPeople(group.id, "requested", true);
  const decide = useDecideMembership(group.id);
  const [done, setDone] = useState("");
  const heading = useRef<HTMLHeadingElement>(null);
  // the decided request leaves the list with its buttons: the focus goes back to the list's heading
  const decided = (message: string) => () => { setDone(message); heading.current?.focus(); };
  return (
    <>
      <h3 ref={heading} tabIndex={-1} className="fr-h5">Demandes en attente</h3>
      {requests.isPending && <Loading />}
      <ProblemAlert error={requests.error ?? decide.error} />
      {requests.data && requests.data.items.length === 0 && <p>Aucune demande en attente.</p>}
      <ul>
        {requests.data?.items.map((person) => (
          <li key={person.member_id} className="fr-mb-2w">
            <strong><MemberLink id={person.member_id} name={person.display_name} /></strong>{person.message && <> : « {person.message} »</>}
            <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm fr-mt-1w">
              <li>
                <Button size="small" {...busy(decide.isPending)}
                  onClick={() => decide.mutate({ memberId: person.member_id, accept: true },
                    { onSuccess: decided(`${person.display_name} fait maintenant partie du groupe.`) })}>
                  Accepter<span className="fr-sr-only"> la demande de {person.display_name}</span>
                </Button>
              </li>
              <li>
                <Button size="small" priority="secondary" {...busy(decide.isPending)}
                  onClick={() => decide.mutate({ memberId: person.member_id, accept: false },
                    { onSuccess: decided(`La demande de ${person.display_name} est refusée.`) })}>
                  Refuser<span className="fr-sr-only"> la demande de {person.display_name}</span>
                </Button>
              </li>
            </ul>
          </li>
        ))}
      </ul>
      <p role="status">{done}</p>
    </>
  );
}

function Invite({ group }: { group: Group }) {
  const [name, setName] = useState("");
  const [searched, setSearched] = useState("");
  const found = useMemberSearch(searched);
  const invite = useInvite(group.id);
  const [done, setDone] = useState("");
  return (
    <>
      <h3 className="fr-h5">Inviter un membre</h3>
      <form role="search" onSubmit={(e) => { e.preventDefault(); setSearched(name); }}>
        <Input label="Nom du membre à inviter" hintText="Deux lettres au moins."
          nativeInputProps={{ value: name, minLength: 2, required: true, onChange: (e) => setName(e.target.value) }} />
        <Button type="submit" priority="secondary" size="small">Chercher</Button>
      </form>
      <ProblemAlert error={found.error ?? invite.error} />
      <ul>
        {found.data?.items.map((profile) => (
          <li key={profile.id} className="fr-mb-1w">
            <MemberLink id={profile.id} name={profile.display_name} />{" "}
            <Button size="small" priority="tertiary" {...busy(invite.isPending)}
              onClick={() => invite.mutate(profile.id, { onSuccess: () => setDone(`${profile.display_name} est invité·e.`) })}>
              Inviter<span className="fr-sr-only"> {profile.display_name}</span>
            </Button>
          </li>
        ))}
      </ul>
      {found.data && found.data.items.length === 0 && <p>Personne ne porte ce nom.</p>}
      <p role="status">{done}</p>
    </>
  );
}

function Roles({ group }: { group: Group }) {
  const members = useGroupPeople(group.id, "member", true);
  const setRole = useSetGroupRole(group.id);
  const [done, setDone] = useState("");
  return (
    <>
      <h3 className="fr-h5">Membres et rôles</h3>
      {members.isPending && <Loading />}
      <ProblemAlert error={members.error ?? setRole.error} />
      <ul className="fr-raw-list">
        {members.data?.items.map((person) => (
          <li key={person.member_id}>
            <p className="fr-mb-1w"><MemberLink id={person.member_id} name={person.display_name} /></p>
            <RoleForm person={person} pending={setRole.isPending}
              onSave={(role) => setRole.mutateAsync({ memberId: person.member_id, role })
                .then(() => setDone(`${person.display_name} : ${ROLES[role].toLowerCase()}.`))} />
          </li>
        ))}
      </ul>
      <p role="status">{done}</p>
    </>
  );
}

function RoleForm({ person, pending, onSave }: { person: GroupMember; pending: boolean; onSave: (role: GroupRole) => Promise<void> }) {
  const [role, setRole] = useState<GroupRole>(person.role ?? "member");
  const select = useRef<HTMLSelectElement>(null);
  return (
    // once saved, the button no longer applies (disabled): the focus goes back to the role's list
    <form className="fr-grid-row fr-grid-row--bottom fr-grid-row--gutters"
      onSubmit={(e) => { e.preventDefault(); onSave(role).then(() => select.current?.focus(), () => undefined); }}>
      <div className="fr-col-12 fr-col-md-6">
        <Select label={`Rôle de ${person.display_name}`}
          nativeSelectProps={{ ref: select, value: role, onChange: (e) => setRole(e.target.value as GroupRole) }}>
          {(Object.keys(ROLES) as GroupRole[]).map((value) => <option key={value} value={value}>{ROLES[value]}</option>)}
        </Select>
      </div>
      <div className="fr-col-12 fr-col-md-6 fr-mb-3w">
        <Button type="submit" priority="secondary" size="small" disabled={role === (person.role ?? "member")} {...busy(pending)}>
          Changer le rôle<span className="fr-sr-only"> de {person.display_name}</span>
        </Button>
      </div>
    </form>
  );
}
