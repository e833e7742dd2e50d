import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { useMe } from "../api/hooks/account";
import { useFollow, useGroup, useGroupMembers, useReply, useThread, useThreadState, type Thread as ThreadT } from "../api/hooks/community";
import { useSignedIn } from "../auth/useSession";
import { CharterPrompt, useCharterToAccept } from "../components/community/CharterPrompt";
import { MemberLink } from "../components/community/MemberLink";
import { mentionedIds } from "../components/community/mentions";
import { PostFields } from "../components/community/PostFields";
import { PostView } from "../components/community/PostView";
import { PublishProblem } from "../components/community/PublishProblem";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { ProblemAlert } from "../components/ProblemAlert";
import { usePageTitle } from "../pageTitle";
import { busy } from "../components/busy";

export default function Thread() {
  const { id = "" } = useParams();
  const pages = useThread(id);
  const me = useMe(useSignedIn()).data;
  const first = pages.data?.pages[0];
  usePageTitle(first?.thread.title);
  if (pages.isPending) return <Loading />;
  if (!first) return <><PageHeading>Discussion</PageHeading><ProblemAlert error={pages.error} /></>;
  const { thread, opening } = first;
  const replies = (pages.data?.pages ?? []).flatMap((p) => p.replies.items);
  const threadAuthor = !!me && thread.author.id === me.id;
  return (
    <>
      <PageHeading>{thread.title}</PageHeading>
      <p>
        <Link to={`/communaute/groupes/${thread.group_id}`}>Retour aux discussions du groupe</Link>
      </p>
      <ul className="fr-badges-group fr-mb-2w">
        {thread.pinned && <li><Badge noIcon>Épinglée</Badge></li>}
        {thread.locked && <li><Badge noIcon>Verrouillée</Badge></li>}
        {thread.accepted_post_id && <li><Badge severity="success" noIcon>Résolue</Badge></li>}
        {thread.tags.map((tag) => <li key={tag}><Badge small noIcon>{tag}</Badge></li>)}
      </ul>
      <FollowButton thread={thread} />
      <ModerationButtons thread={thread} admin={me?.roles.includes("admin") ?? false} />
      <PostView post={opening} heading={<>Message de <MemberLink id={opening.author.id} name={opening.author.display_name} /></>} headingLevel="h2" myId={me?.id} threadAuthor={threadAuthor} />
      <section aria-labelledby="reponses">
        <h2 id="reponses">{`${thread.reply_count} réponse${thread.reply_count > 1 ? "s" : ""}`}</h2>
        {replies.map((post) => (
          <PostView key={post.id} post={post} heading={<>Réponse de <MemberLink id={post.author.id} name={post.author.display_name} /></>} headingLevel="h3"
            myId={me?.id} threadAuthor={threadAuthor} />
        ))}
        {pages.hasNextPage && (
          <Button priority="secondary" {...busy(pages.isFetchingNextPage)} onClick={() => pages.fetchNextPage()}>
            Réponses suivantes
          </Button>
        )}
      </section>
      {thread.locked ? <p>Cette discussion est verrouillée : on ne peut plus y répondre.</p> : <ReplyForm thread={thread} myId={me?.id} />}
    </>
  );
}

/** Pin and lock: for the group's owners and moderators, and admins. */
function ModerationButtons({ thread, admin }: { thread: ThreadT; admin: boolean }) {
  const role = useGroup(thread.group_id).data?.membership?.role;
  const change = useThreadState(thread.id);
  if (!admin && role !== "owner" && role !== "moderator") return null;
  return (
    <div className="fr-mb-3w">
      <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
        <li>
          <Button priority="tertiary" size="small" {...busy(change.isPending)} onClick={() => change.mutate({ pinned: !thread.pinned })}>
            {thread.pinned ? "Désépingler la discussion" : "Épingler la discussion"}
          </Button>
        </li>
        <li>
          <Button priority="tertiary" size="small" {...busy(change.isPending)} onClick={() => change.mutate({ locked: !thread.locked })}>
            {thread.locked ? "Déverrouiller la discussion" : "Verrouiller la discussion"}
          </Button>
        </li>
      </ul>
      <p role="status" className="fr-sr-only">{change.isSuccess ? "Discussion mise à jour." : ""}</p>
      <PublishProblem error={change.error} />
    </div>
  );
}

function FollowButton({ thread }: { thread: ThreadT }) {
  const follow = useFollow(thread.id);
  return (
    <div className="fr-mb-3w">
      <Button priority="secondary" iconId={thread.following ? "fr-icon-notification-3-fill" : "fr-icon-notification-3-line"}
        aria-pressed={thread.following} {...busy(follow.isPending)} onClick={() => follow.mutate(!thread.following)}>
        {thread.following ? "Discussion suivie" : "Suivre la discussion"}
      </Button>
      <p role="status" className="fr-sr-only">
        {follow.isSuccess ? (thread.following ? "Vous suivez cette discussion." : "Vous ne suivez plus cette discussion.") : ""}
      </p>
      <PublishProblem error={follow.error} />
    </div>
  );
}

function ReplyForm({ thread, myId }: { thread: ThreadT; myId: string | undefined }) {
  const reply = useReply(thread.id);
  const members = useGroupMembers(thread.group_id, true).data?.items ?? [];
  const toAccept = useCharterToAccept();
  const [body, setBody] = useState("");
  return (
    <section aria-labelledby="repondre" className="fr-mt-4w">
      <h2 id="repondre">Répondre</h2>
      {toAccept ? <CharterPrompt /> : (
        <form onSubmit={(e) => {
          e.preventDefault();
          reply.mutate({ body, mentions: mentionedIds(body, members) }, { onSuccess: () => setBody("") });
        }}>
          <PostFields groupId={thread.group_id} label="Ma réponse" value={body} onChange={setBody} error={reply.error} selfId={myId} />
          <Button type="submit" {...busy(reply.isPending)}>Publier ma réponse</Button>
          <p role="status">{reply.isSuccess ? "Votre réponse est publiée." : ""}</p>
          <PublishProblem error={reply.error} />
        </form>
      )}
    </section>
  );
}
