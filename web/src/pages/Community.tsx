import { Link } from "react-router";
import { useMe } from "../api/hooks/account";
import { useGroupSuggestions, useMyGroups, type Group } from "../api/hooks/community";
import { useSignedIn } from "../auth/useSession";
import { CharterPrompt } from "../components/community/CharterPrompt";
import { CreateGroup } from "../components/community/CreateGroup";
import { GroupCard } from "../components/community/GroupCard";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { ProblemAlert } from "../components/ProblemAlert";

export default function Community() {
  const mine = useMyGroups();
  const suggestions = useGroupSuggestions();
  const me = useMe(useSignedIn()).data;
  const moderates = me?.roles.includes("admin")
    || mine.data?.items.some((g) => g.membership?.role === "owner" || g.membership?.role === "moderator");
  const suggested = suggestions.data?.items ?? [];
  return (
    <>
      <PageHeading>Communauté</PageHeading>
      <p className="fr-text--lead">
        Échangez avec les collègues de votre réseau (groupes locaux) et de toute la France (groupes nationaux).
      </p>
      {moderates && <p><Link to="/communaute/moderation">Modération : file et journal</Link></p>}
      <CharterPrompt />
      <section aria-labelledby="mes-groupes" className="fr-mt-4w">
        <h2 id="mes-groupes">Mes groupes</h2>
        {mine.isPending && <Loading />}
        <ProblemAlert error={mine.error} />
        {mine.data && (mine.data.items.length === 0
          ? <p>Vous n’avez pas encore rejoint de groupe : choisissez-en un parmi les suggestions.</p>
          : <GroupList groups={mine.data.items} />)}
      </section>
      <section aria-labelledby="suggestions" className="fr-mt-4w">
        <h2 id="suggestions">Groupes suggérés</h2>
        {suggestions.isPending && <Loading />}
        <ProblemAlert error={suggestions.error} />
        {suggestions.data && suggested.length === 0 && <p>Aucune suggestion pour le moment.</p>}
        {suggested.some((g) => g.scope === "local") && (
          <>
            <h3 className="fr-h4">Groupes locaux (votre réseau)</h3>
            <GroupList groups={suggested.filter((g) => g.scope === "local")} titleAs="h4" />
          </>
        )}
        {suggested.some((g) => g.scope === "national") && (
          <>
            <h3 className="fr-h4">Groupes nationaux</h3>
            <GroupList groups={suggested.filter((g) => g.scope === "national")} titleAs="h4" />
          </>
        )}
      </section>
      <CreateGroup />
    </>
  );
}

function GroupList({ groups, titleAs }: { groups: Group[]; titleAs?: "h3" | "h4" }) {
  return (
    <ul className="fr-grid-row fr-grid-row--gutters fr-raw-list">
      {groups.map((group) => (
        <li key={group.id} className="fr-col-12 fr-col-md-6">
          <GroupCard group={group} titleAs={titleAs} />
        </li>
      ))}
    </ul>
  );
}
