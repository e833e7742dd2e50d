import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useMe } from "../api/hooks/account";
import { useCreateThread, useGroup, useGroupMembers, useMembershipChange, useThreads, type Group as GroupT, type Thread } from "../api/hooks/community";
import { useSignedIn } from "../auth/useSession";
import { CharterPrompt, useCharterToAccept } from "../components/community/CharterPrompt";
import { ACCESS, memberCount, SCOPES } from "../components/community/GroupCard";
import { MemberLink } from "../components/community/MemberLink";
import { mentionedIds } from "../components/community/mentions";
import { PostFields } from "../components/community/PostFields";
import { GroupManagement } from "../components/community/GroupManagement";
import { formatDate } from "../components/community/PostView";
import { PublishProblem } from "../components/community/PublishProblem";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { fieldState, ProblemAlert } from "../components/ProblemAlert";
import { usePageTitle } from "../pageTitle";
import { busy } from "../components/busy";

export default function Group() {
  const { id = "" } = useParams();
  const { data: group, error, isPending } = useGroup(id);
  usePageTitle(group?.name);
  if (isPending) return <Loading />;
  if (!group) return <><PageHeading>Groupe</PageHeading><ProblemAlert error={error} /></>;
  const member = group.membership?.state === "member";
  return <GroupPage group={group} member={member} />;
}

function GroupPage({ group, member }: { group: GroupT; member: boolean }) {
  const admin = useMe(useSignedIn()).data?.roles.includes("admin") ?? false;
  const role = member ? group.membership?.role : null;
  const owns = admin || role === "owner";
  return (
    <>
      <PageHeading>{group.name}</PageHeading>
      <ul className="fr-badges-group fr-mb-2w">
        <li><Badge severity="info" noIcon>{SCOPES[group.scope]}</Badge></li>
        <li><Badge noIcon>{ACCESS[group.access]}</Badge></li>
        {member && <li><Badge severity="success" noIcon>Membre</Badge></li>}
      </ul>
      {group.description && <p className="fr-text--lead">{group.description}</p>}
      <p>{memberCount(group.member_count)}</p>
      <Membership group={group} />
      {member ? <Discussions group={group} /> : <p>Rejoignez ce groupe pour lire et ouvrir ses discussions.</p>}
      {(owns || role === "moderator") && <GroupManagement group={group} owns={owns} />}
    </>
  );
}

function Membership({ group }: { group: GroupT }) {
  const change = useMembershipChange();
  const state = group.membership?.state ?? "none";
  const join = state !== "member" && state !== "requested";
  const text = state === "member" ? "Quitter le groupe" : state === "requested" ? "Retirer ma demande"
    : state === "invited" ? "Accepter l’invitation" : group.access === "on_request" ? "Demander à rejoindre" : "Rejoindre le groupe";
  return (
    <div className="fr-mb-4w">
      <Button priority={join ? "primary" : "secondary"} {...busy(change.isPending)}
        onClick={() => change.mutate({ id: group.id, join })}>
        {text}
      </Button>
      <p role="status">{change.isSuccess ? (join ? "C’est fait." : "Vous avez quitté le groupe.") : ""}</p>
      <PublishProblem error={change.error} />
    </div>
  );
}

function Discussions({ group }: { group: GroupT }) {
  const threads = useThreads(group.id, true);
  const items = threads.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <section aria-labelledby="discussions">
        <h2 id="discussions">Discussions</h2>
        {threads.isPending && <Loading />}
        <ProblemAlert error={threads.error} />
        {threads.data && items.length === 0 && <p>Aucune discussion pour le moment : ouvrez la première.</p>}
        <ul className="fr-raw-list">
          {items.map((thread) => <ThreadItem key={thread.id} thread={thread} />)}
        </ul>
        {threads.hasNextPage && (
          <Button priority="secondary" {...busy(threads.isFetchingNextPage)} onClick={() => threads.fetchNextPage()}>
            Discussions suivantes
          </Button>
        )}
      </section>
      <NewThread group={group} />
    </>
  );
}

function ThreadItem({ thread }: { thread: Thread }) {
  return (
    <li className="fr-py-2w" style={{ borderBottom: "1px solid var(--border-default-grey)" }}>
      <h3 className="fr-h6 fr-mb-1v">
        <Link to={`/communaute/discussions/${thread.id}`}>{thread.title}</Link>
      </h3>
      <p className="fr-text--sm fr-mb-0">
        Par <MemberLink id={thread.author.id} name={thread.author.display_name} /> · {thread.reply_count} réponse{thread.reply_count > 1 ? "s" : ""} ·
        dernière activité le {formatDate(thread.last_activity_at)}
        {thread.pinned && <> · <Badge small noIcon>Épinglée</Badge></>}
        {thread.locked && <> · <Badge small noIcon>Verrouillée</Badge></>}
        {thread.accepted_post_id && <> · <Badge small severity="success" noIcon>Résolue</Badge></>}
        {!thread.read ? <> · <Badge small severity="new" noIcon>Non lue</Badge></>
          : thread.unread_replies > 0 && <> · <Badge small severity="new" noIcon>{`${thread.unread_replies} non lue${thread.unread_replies > 1 ? "s" : ""}`}</Badge></>}
      </p>
    </li>
  );
}

function NewThread({ group }: { group: GroupT }) {
  const create = useCreateThread(group.id);
  const navigate = useNavigate();
  const members = useGroupMembers(group.id, true).data?.items ?? [];
  const me = useMe(useSignedIn()).data;
  const toAccept = useCharterToAccept();
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    create.mutate({ title, body, mentions: mentionedIds(body, members) },
      { onSuccess: (page) => navigate(`/communaute/discussions/${page.thread.id}`) });
  };
  return (
    <section aria-labelledby="nouvelle-discussion" className="fr-mt-6w">
      <h2 id="nouvelle-discussion">Ouvrir une discussion</h2>
      {toAccept ? <CharterPrompt /> : (
        <form onSubmit={submit}>
          <Input label="Titre" nativeInputProps={{ value: title, onChange: (e) => setTitle(e.target.value), required: true }}
            {...fieldState(create.error, "title")} />
          <PostFields groupId={group.id} label="Message" value={body} onChange={setBody} error={create.error} selfId={me?.id} />
          <Button type="submit" {...busy(create.isPending)}>Publier la discussion</Button>
          <PublishProblem error={create.error} />
        </form>
      )}
    </section>
  );
}
