import { Link } from "react-router";
import { PageHeading } from "../components/PageHeading";

/** The state declared follows issue 11: "partiellement conforme" until a full RGAA audit is recorded
 * here; then its conformance rate replaces the "Résultats des vérifications" section (docs/decisions.md, 35). */
export default function Accessibility() {
  return (
    <>
      <PageHeading>Déclaration d'accessibilité</PageHeading>
      <p>
        L'équipe de Classe à 12 s'engage à rendre son service accessible, conformément à l'article 47 de la loi
        n° 2005-102 du 11 février 2005. Cette déclaration s'applique au site Classe à 12.
      </p>
      <h2>État de conformité</h2>
      <p>
        Classe à 12 est <strong>partiellement conforme</strong> avec le référentiel général d'amélioration de
        l'accessibilité (RGAA), version 4.1.2, en raison des non-conformités énumérées ci-dessous.
      </p>
      <h2>Résultats des vérifications</h2>
      <p>
        <strong>Aucun audit complet du RGAA n'a encore été réalisé</strong> : il n'existe donc pas encore de taux de
        conformité. Cet état repose sur les vérifications suivantes, faites par l'équipe du service à chaque
        modification du site :
      </p>
      <ul>
        <li>
          chaque page du <Link to="/plan-du-site">plan du site</Link> est testée automatiquement avec axe-core (règles
          WCAG 2.1 niveaux A et AA, aucune règle désactivée), en thème clair et en thème sombre, sans erreur ;
        </li>
        <li>
          les parcours de chaque profil (enseignant, parent, conseiller pédagogique, modérateur, administrateur) sont
          refaits au clavier seul, sans souris ;
        </li>
        <li>chaque graphique a son tableau de données équivalent ;</li>
        <li>le site utilise le Système de design de l'État (DSFR), ses composants et ses thèmes clair et sombre.</li>
      </ul>
      <p>Ces vérifications ne remplacent pas un audit : les tests automatiques ne détectent qu'une partie des défauts.</p>
      <h2>Contenus non accessibles</h2>
      <h3>Non-conformités</h3>
      <ul>
        <li>
          Les vidéos et les enregistrements audio n'ont pas de sous-titres synchronisés : le service ne permet pas encore
          d'en déposer (critères 4.1 et 4.3). Leur description ou leur transcription est donnée dans le texte de la
          ressource, à côté du lecteur.
        </li>
        <li>
          Les fichiers joints aux ressources (documents PDF, fiches imprimables) sont déposés par leurs auteurs : leur
          accessibilité n'est pas encore vérifiée lors de la relecture (critère 13.3).
        </li>
      </ul>
      <h3>Dérogations pour charge disproportionnée</h3>
      <p>Aucune.</p>
      <h3>Contenus non soumis à l'obligation d'accessibilité</h3>
      <p>Aucun.</p>
      <h2>Établissement de cette déclaration</h2>
      <p>Cette déclaration a été établie le 6 décembre 2026, sans audit.</p>
      <h3>Technologies utilisées pour la réalisation du site</h3>
      <ul>
        <li>HTML5</li>
        <li>CSS</li>
        <li>JavaScript (React)</li>
        <li>WAI-ARIA</li>
      </ul>
      <h3>Environnement de test</h3>
      <p>Navigateur Chromium (Debian) piloté par Playwright, avec axe-core 4.</p>
      <h2>Retour d'information et contact</h2>
      <p>
        Si vous n'arrivez pas à accéder à un contenu ou à un service, contactez l'équipe du service pour être orienté
        vers une alternative accessible ou obtenir le contenu sous une autre forme (voir les <Link to="/mentions-legales">mentions légales</Link>).
      </p>
      <h2>Voies de recours</h2>
      <p>
        Si vous constatez un défaut d'accessibilité vous empêchant d'accéder à un contenu ou une fonctionnalité du site,
        que vous nous le signalez et que vous ne parvenez pas à obtenir une réponse de notre part, vous êtes en droit de
        faire parvenir vos doléances ou une demande de saisine au Défenseur des droits :
      </p>
      <ul>
        <li>par le formulaire de contact du Défenseur des droits ;</li>
        <li>par la liste de ses délégués dans chaque région ;</li>
        <li>par courrier (gratuit, sans affranchissement) : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</li>
      </ul>
    </>
  );
}
