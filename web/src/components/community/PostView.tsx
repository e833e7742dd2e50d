/** One post of a discussion: author, date, state, its Markdown (mentions highlighted), reactions,
 * and what the caller may do with it (accept as the answer, edit, report). */
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { Tag } from "@codegouvfr/react-dsfr/Tag";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useLocation } from "react-router";
import { useAcceptAnswer, useDeletePost, useEditPost, useReact, useReport, type Post, type Reaction, type ReportReason } from "../../api/hooks/community";
import { Markdown } from "../Markdown";
import { fieldState } from "../ProblemAlert";
import { DELETED_MEMBER_ID, memberPath } from "./MemberLink";
import { highlightMentions } from "./mentions";
import { PublishProblem } from "./PublishProblem";
import { busy } from "../busy";

export const REACTIONS: Record<Reaction, string> = { merci: "Merci", utile: "Utile", bravo: "Bravo" };
export const REPORT_REASONS: Record<ReportReason, string> = {
  spam: "Publicité ou spam", abuse: "Propos injurieux ou harcèlement", off_topic: "Hors sujet",
  personal_data: "Données personnelles", illegal: "Contenu illicite", other: "Autre motif",
};
const STATES: Record<string, string> = { pending: "En attente de modération", hidden: "Masqué par la modération", deleted: "Supprimé" };

export const formatDate = (iso: string) => new Date(iso).toLocaleString("fr-FR", { dateStyle: "long", timeStyle: "short" });

type Props = {
  post: Post;
  heading: ReactNode;
  headingLevel: "h2" | "h3";
  myId: string | undefined;
  /** the caller opened the thread (may choose the accepted answer) */
  threadAuthor: boolean;
};

export function PostView({ post, heading, headingLevel: H, myId, threadAuthor }: Props) {
  const [editing, setEditing] = useState(false);
  const [reporting, setReporting] = useState(false);
  const mine = post.author.id === myId;
  const alive = post.state !== "deleted";
  const article = useRef<HTMLElement>(null);
  const title = useRef<HTMLHeadingElement>(null);
  const { hash } = useLocation();
  const anchor = `message-${post.id}`; // the notifications' links end with #message-<post id>
  useEffect(() => {
    if (hash === `#${anchor}`) article.current?.scrollIntoView();
  }, [hash, anchor]);
  return (
    <article id={anchor} ref={article} className="fr-p-3w fr-mb-3w" style={{ border: "1px solid var(--border-default-grey)" }} aria-labelledby={`post-${post.id}`}>
      <H id={`post-${post.id}`} ref={title} tabIndex={-1} className="fr-h6 fr-mb-1w">{heading}</H>
      <p className="fr-text--sm fr-mb-1w">
        Le {formatDate(post.created_at)}{post.edited_at && <> · modifié le {formatDate(post.edited_at)}</>}
      </p>
      <ul className="fr-badges-group">
        {post.accepted && <li><Badge severity="success">Réponse acceptée</Badge></li>}
        {STATES[post.state] && <li><Badge severity={post.state === "hidden" ? "warning" : "info"} noIcon>{STATES[post.state]}</Badge></li>}
      </ul>
      {post.moderation_reason && <p className="fr-text--sm">Motif de la modération : {post.moderation_reason}</p>}
      {editing ? <EditForm post={post} onDone={() => setEditing(false)} />
        : <Markdown source={highlightMentions(post.body, post.mentions.map((m) => m.display_name))} className="fr-my-2w" />}
      {post.mentions.length > 0 && (
        <div className="fr-mb-2w">
          <span className="fr-text--sm">Mentionne : </span>
          <ul className="fr-tags-group" style={{ display: "inline-flex" }}>
            {post.mentions.map((m) => (
              <li key={m.id}>
                {m.id === DELETED_MEMBER_ID ? <Tag small>{`@${m.display_name}`}</Tag>
                  : <Tag small linkProps={{ to: memberPath(m.id) }}>{`@${m.display_name}`}</Tag>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {alive && <Reactions post={post} />}
      {alive && (
        <div className="fr-btns-group fr-btns-group--inline fr-btns-group--sm fr-btns-group--icon-left">
          {threadAuthor && !post.opening && <AcceptButton post={post} />}
          {mine && !editing && (
            <Button priority="tertiary" size="small" iconId="fr-icon-edit-line" onClick={() => setEditing(true)}>
              Modifier<span className="fr-sr-only"> mon message</span>
            </Button>
          )}
          {mine && !editing && !post.opening && <DeleteButton post={post} onDeleted={() => title.current?.focus()} />}
          {!mine && (
            <Button priority="tertiary" size="small" iconId="fr-icon-flag-line" aria-expanded={reporting}
              onClick={() => setReporting(!reporting)}>
              Signaler<span className="fr-sr-only"> le message de {post.author.display_name}</span>
            </Button>
          )}
        </div>
      )}
      {reporting && <ReportForm post={post} />}
    </article>
  );
}

/** The author deletes their reply, after saying so once more (the opening post stays: others answered it).
 * Each step replaces the pressed button: the focus goes to the next step's button, and to the
 * post's heading once it is deleted (its buttons are gone). */
function DeleteButton({ post, onDeleted }: { post: Post; onDeleted: () => void }) {
  const remove = useDeletePost(post.thread_id);
  const [asking, setAsking] = useState(false);
  const stepped = useRef(false);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (stepped.current) button.current?.focus();
  }, [asking]);
  const step = (next: boolean) => { stepped.current = true; setAsking(next); };
  return asking ? (
    <>
      <Button ref={button} priority="secondary" size="small" {...busy(remove.isPending)}
        onClick={() => remove.mutateAsync(post.id).then(onDeleted, () => undefined)}>
        Confirmer la suppression<span className="fr-sr-only"> de mon message</span>
      </Button>
      <Button priority="tertiary" size="small" onClick={() => step(false)}>Annuler</Button>
      <PublishProblem error={remove.error} />
    </>
  ) : (
    <Button ref={button} priority="tertiary" size="small" iconId="fr-icon-delete-line" onClick={() => step(true)}>
      Supprimer<span className="fr-sr-only"> mon message</span>
    </Button>
  );
}

function Reactions({ post }: { post: Post }) {
  const react = useReact(post.thread_id);
  return (
    <>
      <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm" aria-label="Réactions">
        {(Object.keys(REACTIONS) as Reaction[]).map((reaction) => {
          const active = post.my_reactions.includes(reaction);
          return (
            <li key={reaction}>
              <Button priority={active ? "secondary" : "tertiary"} size="small" aria-pressed={active} {...busy(react.isPending)}
                onClick={() => react.mutate({ postId: post.id, reaction, active: !active })}>
                {`${REACTIONS[reaction]} (${post.reactions[reaction]})`}<span className="fr-sr-only">{` : message de ${post.author.display_name}`}</span>
              </Button>
            </li>
          );
        })}
      </ul>
      <PublishProblem error={react.error} />
    </>
  );
}

function AcceptButton({ post }: { post: Post }) {
  const accept = useAcceptAnswer(post.thread_id);
  return (
    <>
      <Button priority="secondary" size="small" iconId="fr-icon-check-line" {...busy(accept.isPending)}
        onClick={() => accept.mutate(post.accepted ? null : post.id)}>
        {post.accepted ? "Retirer la réponse acceptée" : "Marquer comme réponse acceptée"}
      </Button>
      <PublishProblem error={accept.error} />
    </>
  );
}

function EditForm({ post, onDone }: { post: Post; onDone: () => void }) {
  const edit = useEditPost(post.thread_id);
  const [body, setBody] = useState(post.body);
  return (
    <form className="fr-my-2w" onSubmit={(e) => { e.preventDefault(); edit.mutate({ postId: post.id, body }, { onSuccess: onDone }); }}>
      <Input label="Mon message modifié" textArea
        nativeTextAreaProps={{ value: body, onChange: (e) => setBody(e.target.value), rows: 6, required: true }}
        {...fieldState(edit.error, "body")} />
      <div className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
        <Button type="submit" size="small" {...busy(edit.isPending)}>Enregistrer la modification</Button>
        <Button type="button" size="small" priority="secondary" onClick={onDone}>Annuler</Button>
      </div>
      <PublishProblem error={edit.error} />
    </form>
  );
}

function ReportForm({ post }: { post: Post }) {
  const report = useReport();
  const [reason, setReason] = useState<ReportReason | "">("");
  const [details, setDetails] = useState("");
  const done = <p role="status" className="fr-mt-2w">{report.isSuccess ? "Merci : votre signalement est transmis aux modérateurs." : ""}</p>;
  if (report.isSuccess) return done;
  return (
    <>
    {done}
    <form className="fr-mt-2w" onSubmit={(e) => {
      e.preventDefault();
      if (reason) report.mutate({ id: post.id, reason, ...(details.trim() ? { details } : {}) });
    }}>
      <Select label="Motif du signalement" nativeSelectProps={{ value: reason, required: true, onChange: (e) => setReason(e.target.value as ReportReason) }}
        {...fieldState(report.error, "reason")}>
        <option value="" disabled>Choisir un motif</option>
        {(Object.keys(REPORT_REASONS) as ReportReason[]).map((r) => <option key={r} value={r}>{REPORT_REASONS[r]}</option>)}
      </Select>
      <Input label="Précisions pour les modérateurs (facultatif)" textArea
        nativeTextAreaProps={{ value: details, onChange: (e) => setDetails(e.target.value), rows: 3 }}
        {...fieldState(report.error, "details")} />
      <Button type="submit" size="small" {...busy(report.isPending)}>Envoyer le signalement</Button>
      <PublishProblem error={report.error} />
    </form>
    </>
  );
}
