/** "/membres/:id": a member's profile as the caller may see it: avatar, name, roles, school and
 * where they work, levels, interests and a few words. What the member chose not to show is named
 * in one sentence; the member reading their own profile is offered to change it. */
import { Tag } from "@codegouvfr/react-dsfr/Tag";
import { Link, useParams } from "react-router";
import { useMe, useMyProfile } from "../api/hooks/account";
import { useMemberProfile, type Profile } from "../api/hooks/community";
import { Avatar } from "../components/community/Avatar";
import { FollowMember } from "../components/community/FollowMember";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { ProblemAlert } from "../components/ProblemAlert";
import { roleLabel } from "../labels";
import { usePageTitle } from "../pageTitle";
import { schoolName } from "./account/SchoolField";

type Field = Profile["hidden"][number];

const FIELD_NAMES: Record<Field, string> = { school: "école", levels: "niveaux", interests: "centres d’intérêt", bio: "présentation" };

const AUDIENCES = { groups: "les membres de vos groupes seulement", nobody: "vous seul·e" } as const;

/** On their own profile (where they see every field), the member is told who else sees what, and
 * offered to change it. */
function MyAudience() {
  const visibility = useMyProfile().data?.visibility;
  const restricted = visibility ? (Object.keys(FIELD_NAMES) as Field[]).filter((field) => visibility[field] !== "members") : [];
  return (
    <div className="fr-mb-3w">
      {visibility && (restricted.length === 0 ? <p>Tous les membres voient votre profil tel qu’il est affiché ici.</p> : (
        <>
          <p className="fr-mb-1w">Les autres membres voient votre profil tel qu’il est affiché ici, sauf :</p>
          <ul>
            {restricted.map((field) => (
              <li key={field}>{`${FIELD_NAMES[field]} : ${AUDIENCES[visibility[field] as keyof typeof AUDIENCES]}`}</li>
            ))}
          </ul>
        </>
      ))}
      <p>
        <Link to="/compte" className="fr-link fr-icon-edit-line fr-link--icon-left">Modifier mon profil</Link>
      </p>
    </div>
  );
}

/** "Ce membre a choisi de ne pas afficher : niveaux, présentation." (in the API's order) */
const hiddenSentence = (hidden: Field[]) =>
  `Ce membre a choisi de ne pas afficher : ${hidden.map((field) => FIELD_NAMES[field]).join(", ")}.`;

export default function MemberProfile() {
  const { id = "" } = useParams();
  const { data: profile, error, isPending } = useMemberProfile(id);
  usePageTitle(profile?.display_name);
  if (isPending) return <Loading />;
  if (!profile) return <><PageHeading>Profil d’un membre</PageHeading><ProblemAlert error={error} /></>;
  return <ProfileView profile={profile} />;
}

function ProfileView({ profile }: { profile: Profile }) {
  const mine = useMe(true).data?.id === profile.id;
  return (
    <div className="fr-col-12 fr-col-md-10 fr-col-lg-8">
      <div className="classe12-profile-heading fr-mt-4w fr-mb-3w">
        <Avatar avatar={profile.avatar} />
        <PageHeading>{profile.display_name}</PageHeading>
      </div>
      {mine ? <MyAudience /> : <FollowMember memberId={profile.id} name={profile.display_name} />}
      {profile.hidden.length > 0 && <p>{hiddenSentence(profile.hidden)}</p>}
      <dl className="classe12-profile">
        <dt>{profile.roles.length > 1 ? "Rôles" : "Rôle"}</dt>
        <dd>{profile.roles.map(roleLabel).join(", ")}</dd>
        {profile.school && <><dt>École</dt><dd>{schoolName(profile.school)}</dd></>}
        {profile.departement && (
          <><dt>Département</dt><dd>{profile.school ? `${profile.school.departement_label} (${profile.departement})` : profile.departement}</dd></>
        )}
        {profile.academie && <><dt>Académie</dt><dd>{profile.academie}</dd></>}
        {profile.levels && <><dt>Niveaux</dt><dd>{profile.levels.length ? profile.levels.join(", ") : "Aucun niveau indiqué."}</dd></>}
        {profile.interests && (
          <>
            <dt>Centres d’intérêt</dt>
            <dd>
              {profile.interests.length ? (
                <ul className="fr-tags-group">
                  {profile.interests.map((interest) => <li key={interest.slug}><Tag small>{interest.label}</Tag></li>)}
                </ul>
              ) : "Aucun centre d’intérêt indiqué."}
            </dd>
          </>
        )}
      </dl>
      {profile.bio !== null && (
        <section aria-labelledby="presentation">
          <h2 id="presentation" className="fr-h4">Présentation</h2>
          {/* plain text (React escapes it), its line breaks kept */}
          <p className="classe12-bio">{profile.bio || "Pas encore de présentation."}</p>
        </section>
      )}
    </div>
  );
}
