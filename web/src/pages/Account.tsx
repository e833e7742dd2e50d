import { Button } from "@codegouvfr/react-dsfr/Button";
import { Link, useNavigate } from "react-router";
import { useLogOutEverywhere, useMe, useMyProfile } from "../api/hooks/account";
import { memberPath } from "../components/community/MemberLink";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { ProblemAlert } from "../components/ProblemAlert";
import { EmailForm } from "./account/EmailForm";
import { PasswordForm } from "./account/PasswordForm";
import { ProfileForm } from "./account/ProfileForm";
import { VerifyBanner } from "./account/VerifyBanner";
import { busy } from "../components/busy";

const OTHER_PAGES = [
  { to: "/compte/preferences", text: "Mes préférences de notification", hint: "ce qui vous est envoyé, quand, et par e-mail ou non" },
  { to: "/compte/abonnements", text: "Mes abonnements", hint: "les niveaux, thèmes, groupes et membres que vous suivez" },
  { to: "/compte/notifications-appareil", text: "Notifications sur cet appareil", hint: "recevoir les notifications sur cet ordinateur ou ce téléphone" },
  { to: "/compte/hors-ligne", text: "Lecture hors ligne", hint: "vos ressources en favori, lisibles sans réseau sur cet appareil" },
  { to: "/compte/donnees", text: "Mes données", hint: "les télécharger, ou supprimer mon compte" },
];

/** Mon compte: profile, address, password, sessions, and the other pages of the account. */
export default function Account() {
  const me = useMe(true);
  const profile = useMyProfile();
  const navigate = useNavigate();
  const everywhere = useLogOutEverywhere(() =>
    navigate("/", { state: { message: "Vous êtes déconnecté·e de tous vos appareils. Reconnectez-vous pour continuer." } }));
  if (me.isPending || profile.isPending) return <Loading />;
  if (!me.data || !profile.data) return <ProblemAlert error={me.error ?? profile.error} />;
  return (
    <div className="fr-col-12 fr-col-md-10 fr-col-lg-8">
      <PageHeading>Mon compte</PageHeading>
      {me.data.email_verified === false && <VerifyBanner email={me.data.email} />}
      <section aria-labelledby="profil" className="fr-mb-6w">
        <h2 id="profil">Mon profil</h2>
        <p><Link to={memberPath(me.data.id)}>Voir mon profil tel que les autres le voient</Link></p>
        <ProfileForm profile={profile.data} />
      </section>
      <section aria-labelledby="adresse" className="fr-mb-6w">
        <h2 id="adresse">Mon adresse e-mail</h2>
        <EmailForm current={me.data.email} />
      </section>
      <section aria-labelledby="mot-de-passe" className="fr-mb-6w">
        <h2 id="mot-de-passe">Mon mot de passe</h2>
        <PasswordForm />
      </section>
      <section aria-labelledby="autres-pages" className="fr-mb-6w">
        <h2 id="autres-pages">Mes réglages</h2>
        <ul>
          {OTHER_PAGES.map((page) => <li key={page.to}><Link to={page.to}>{page.text}</Link> : {page.hint}</li>)}
        </ul>
      </section>
      <section aria-labelledby="sessions">
        <h2 id="sessions">Mes sessions</h2>
        <p>Un appareil perdu, un ordinateur partagé resté connecté ? Fermez vos sessions sur tous vos appareils,
          celui-ci compris : il faudra vous reconnecter partout.</p>
        <ProblemAlert error={everywhere.error} />
        <Button type="button" priority="secondary" iconId="fr-icon-logout-box-r-line" {...busy(everywhere.isPending)}
          onClick={() => everywhere.mutate()}>Se déconnecter partout</Button>
      </section>
    </div>
  );
}
