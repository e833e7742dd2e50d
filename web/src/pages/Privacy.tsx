import { PageHeading } from "../components/PageHeading";

/** The record of processing (docs/privacy.md) told in plain French. */
export default function Privacy() {
  return (
    <>
      <PageHeading>Données personnelles</PageHeading>
      <p>
        Classe à 12 ne garde que ce dont il a besoin, ne vend rien, ne dépose aucun cookie de mesure d'audience et ne
        charge aucun script d'un tiers. Le seul cookie sert à rester connecté : il est illisible par les scripts et
        n'est envoyé qu'à Classe à 12.
      </p>
      <h2>Votre compte</h2>
      <p>
        Votre adresse e-mail, votre nom affiché, votre rôle et, si vous les donnez, votre école et vos niveaux. Ils
        servent à vous connecter, à vous envoyer les e-mails que vous avez choisis et à vous présenter aux autres membres.
        Vous pouvez télécharger toutes vos données et supprimer votre compte à tout moment.
      </p>
      <h2>Les élèves</h2>
      <p>
        Pour suivre les progrès d'une classe, l'enseignant n'entre qu'un prénom ou un pseudonyme par élève : jamais de
        nom de famille, de date de naissance, de numéro d'élève ni de photo. Seuls les enseignants de la classe et les
        parents de l'élève, pour leur enfant seulement, voient ses progrès. Ni l'administration, ni les conseillers,
        ni les inspecteurs n'y ont accès : c'est une évaluation, pas un contrôle.
      </p>
      <h2>Les parents</h2>
      <p>
        Un parent rejoint la classe de son enfant avec un code à usage unique donné par l'enseignant. Il voit les progrès
        de son enfant en mots simples et peut dire ce qu'il observe à la maison ; l'enseignant peut retirer ce lien.
      </p>
      <h2>Durée de conservation</h2>
      <p>
        Les données d'une classe sont effacées au plus tard un an après la fin de l'année scolaire, et à tout moment
        sur demande de l'enseignant.
      </p>
      <h2>Base légale et vos droits</h2>
      <p>
        Le suivi des apprentissages relève de la mission de service public de l'école (article 6-1-e du RGPD). Vous
        pouvez accéder à vos données, les rectifier, les exporter ou les faire effacer ; vous pouvez aussi saisir la
        CNIL. Les données ne quittent pas l'Union européenne.
      </p>
    </>
  );
}
