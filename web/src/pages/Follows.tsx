import { Button } from "@codegouvfr/react-dsfr/Button";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useFollowedThreads, useUnfollowThread } from "../api/hooks/community";
import { useGroups, useMemberSearch, useNames, useResourceSearch } from "../api/hooks/follows";
import { useFollows, useSetFollows, type Follows as FollowsData, type FollowsChange } from "../api/hooks/notifications";
import { useTaxonomy } from "../api/hooks/resources";
import { FollowedList, SearchToFollow } from "../components/Followed";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { fieldState, ProblemAlert } from "../components/ProblemAlert";
import { busy } from "../components/busy";

const LEVELS = ["CP", "CE1", "CE2"] as const;

/** What the member follows: levels, topics, groups, discussions, resources, members (each kind saved at once). */
export default function Follows() {
  const follows = useFollows();
  return (
    <>
      <PageHeading>Mes abonnements</PageHeading>
      <p>
        Vous êtes prévenu des nouveautés de ce que vous suivez ; choisissez comment dans vos{" "}
        <Link to="/compte/preferences">préférences de notification</Link>.
      </p>
      {follows.isPending && <Loading />}
      <ProblemAlert error={follows.error} />
      {follows.data && <FollowsSections follows={follows.data} />}
    </>
  );
}

function FollowsSections({ follows }: { follows: FollowsData }) {
  const set = useSetFollows();
  const [done, setDone] = useState("");
  const change = (body: FollowsChange, message: string) => {
    setDone("");
    set.mutate(body, { onSuccess: () => setDone(message) });
  };
  // each name links to its page, unless it is gone
  const linked = (items: ReturnType<typeof useNames>, page: string) => items.map((item) => ({ ...item, to: item.gone ? undefined : page + item.id }));
  const groups = linked(useNames("groups", follows.groups), "/communaute/groupes/");
  const resources = linked(useNames("resources", follows.resources), "/ressources/");
  const members = linked(useNames("members", follows.members), "/membres/");
  const pending = set.isPending;

  return (
    <>
      <p role="status" className="fr-sr-only">{done}</p>
      <ProblemAlert error={set.error} />

      <section aria-labelledby="niveaux" className="fr-mt-4w">
        <h2 id="niveaux" className="fr-h4">Niveaux</h2>
        <Checkbox legend="Les niveaux dont je suis les nouvelles ressources" orientation="horizontal" {...fieldState(set.error, "levels")}
          options={LEVELS.map((level) => ({
            label: level,
            nativeInputProps: {
              checked: follows.levels.includes(level), ...busy(pending),
              onChange: (e) => change({ levels: e.target.checked ? [...follows.levels, level] : follows.levels.filter((l) => l !== level) },
                e.target.checked ? `Vous suivez le niveau ${level}.` : `Vous ne suivez plus le niveau ${level}.`),
            },
          }))} />
      </section>

      <TopicsSection topics={follows.topics} pending={pending} error={set.error} change={change} />

      <section aria-labelledby="groupes" className="fr-mt-4w">
        <h2 id="groupes" className="fr-h4">Groupes</h2>
        <FollowedList items={groups} empty="Vous ne suivez aucun groupe." pending={pending}
          onRemove={(id) => change({ groups: follows.groups.filter((g) => g !== id) }, "Vous ne suivez plus ce groupe.")} />
        <GroupPicker followed={follows.groups} pending={pending} error={set.error}
          onFollow={(id, name) => change({ groups: [...follows.groups, id] }, `Vous suivez le groupe « ${name} ».`)} />
      </section>

      <ThreadsSection announce={setDone} />

      <section aria-labelledby="ressources" className="fr-mt-4w">
        <h2 id="ressources" className="fr-h4">Ressources</h2>
        <FollowedList items={resources} empty="Vous ne suivez aucune ressource." pending={pending}
          onRemove={(id) => change({ resources: follows.resources.filter((r) => r !== id) }, "Vous ne suivez plus cette ressource.")} />
        <SearchToFollow label="Chercher une ressource à suivre" useSearch={useResourceSearch} followed={follows.resources} pending={pending}
          onFollow={(item) => change({ resources: [...follows.resources, item.id] }, `Vous suivez « ${item.name} ».`)} />
      </section>

      <section aria-labelledby="membres" className="fr-mt-4w">
        <h2 id="membres" className="fr-h4">Membres</h2>
        <FollowedList items={members} empty="Vous ne suivez aucun membre." pending={pending}
          onRemove={(id) => change({ members: follows.members.filter((m) => m !== id) }, "Vous ne suivez plus ce membre.")} />
        <SearchToFollow label="Chercher un membre à suivre par son nom" useSearch={useMemberSearch} followed={follows.members} pending={pending}
          onFollow={(item) => change({ members: [...follows.members, item.id] }, `Vous suivez ${item.name}.`)} />
      </section>
    </>
  );
}

type SectionProps = { pending: boolean; error: unknown };

/** The discussions followed (those one may still read), each with a button to stop following it. */
function ThreadsSection({ announce }: { announce: (message: string) => void }) {
  const threads = useFollowedThreads();
  const unfollow = useUnfollowThread();
  const items = threads.data?.pages.flatMap((page) => page.items) ?? [];
  const remove = (id: string) => {
    const title = items.find((thread) => thread.id === id)?.title ?? "";
    announce("");
    unfollow.mutate(id, { onSuccess: () => announce(`Vous ne suivez plus la discussion « ${title} ».`) });
  };
  return (
    <section aria-labelledby="discussions" className="fr-mt-4w">
      <h2 id="discussions" className="fr-h4">Discussions</h2>
      <p>
        Vous suivez les discussions que vous avez ouvertes ; pour en suivre une autre, utilisez le bouton « Suivre » de la
        discussion, dans la <Link to="/communaute">communauté</Link>.
      </p>
      {threads.isPending && <Loading />}
      <ProblemAlert error={threads.error ?? unfollow.error} />
      {threads.data && (
        <FollowedList empty="Vous ne suivez aucune discussion." pending={unfollow.isPending} onRemove={remove}
          items={items.map((thread) => ({
            id: thread.id, name: thread.title, to: `/communaute/discussions/${thread.id}`,
            detail: `groupe « ${thread.group_name} »${thread.unread_replies > 0
              ? ` · ${thread.unread_replies} réponse${thread.unread_replies > 1 ? "s" : ""} non lue${thread.unread_replies > 1 ? "s" : ""}` : ""}`,
          }))} />
      )}
      {threads.hasNextPage && (
        <Button priority="secondary" {...busy(threads.isFetchingNextPage)} onClick={() => void threads.fetchNextPage()}>
          Discussions suivantes
        </Button>
      )}
    </section>
  );
}

function TopicsSection({ topics, pending, error, change }: SectionProps & { topics: string[]; change: (body: FollowsChange, message: string) => void }) {
  const taxonomy = useTaxonomy().data;
  const labels = new Map<string, string>();
  for (const domain of taxonomy?.domains ?? []) for (const sub of domain.subdomains) labels.set(sub.slug, `${sub.label} (${domain.label})`);
  const [picked, setPicked] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (picked) change({ topics: [...topics, picked] }, `Vous suivez le thème « ${labels.get(picked) ?? picked} ».`);
    setPicked("");
  };
  return (
    <section aria-labelledby="themes" className="fr-mt-4w">
      <h2 id="themes" className="fr-h4">Thèmes</h2>
      <FollowedList items={topics.map((slug) => ({ id: slug, name: labels.get(slug) ?? slug }))} empty="Vous ne suivez aucun thème."
        pending={pending} onRemove={(slug) => change({ topics: topics.filter((t) => t !== slug) }, "Vous ne suivez plus ce thème.")} />
      <form onSubmit={submit} className="fr-grid-row fr-grid-row--bottom">
        <Select className="fr-mb-0 fr-mr-2w" label="Thème à suivre" {...fieldState(error, "topics")}
          nativeSelectProps={{ value: picked, onChange: (e) => setPicked(e.target.value) }}>
          <option value="">Choisir un thème</option>
          {taxonomy?.domains.map((domain) => (
            <optgroup key={domain.slug} label={domain.label}>
              {domain.subdomains.filter((sub) => !topics.includes(sub.slug)).map((sub) => (
                <option key={sub.slug} value={sub.slug}>{sub.label}</option>
              ))}
            </optgroup>
          ))}
        </Select>
        <Button type="submit" priority="secondary" iconId="fr-icon-add-line" disabled={!picked} {...busy(pending)}>Suivre ce thème</Button>
      </form>
    </section>
  );
}

function GroupPicker({ followed, pending, error, onFollow }: SectionProps & { followed: string[]; onFollow: (id: string, name: string) => void }) {
  const groups = useGroups().data?.items.filter((group) => !followed.includes(group.id)) ?? [];
  const [picked, setPicked] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const group = groups.find((g) => g.id === picked);
    if (group) onFollow(group.id, group.name);
    setPicked("");
  };
  return (
    <form onSubmit={submit} className="fr-grid-row fr-grid-row--bottom">
      <Select className="fr-mb-0 fr-mr-2w" label="Groupe à suivre" {...fieldState(error, "groups")}
        nativeSelectProps={{ value: picked, onChange: (e) => setPicked(e.target.value) }}>
        <option value="">Choisir un groupe</option>
        {groups.map((group) => <option key={group.id} value={group.id}>{group.name}</option>)}
      </Select>
      <Button type="submit" priority="secondary" iconId="fr-icon-add-line" disabled={!picked} {...busy(pending)}>Suivre ce groupe</Button>
    </form>
  );
}
