import { Link } from "react-router";
import { PageHeading } from "../components/PageHeading";

/** Kept honest: "non conforme" until a full RGAA audit is recorded here. */
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
        Classe à 12 est <strong>non conforme</strong> avec le référentiel général d'amélioration de l'accessibilité
        (RGAA), version 4.1.2 : aucun audit n'a encore été réalisé.
      </p>
      <h2>Ce qui est déjà vérifié</h2>
      <ul>
        <li>Chaque page est testée automatiquement à chaque modification avec axe-core (règles WCAG 2.1 niveaux A et AA), en thème clair et en thème sombre, sans erreur.</li>
        <li>Les parcours principaux (inscription, connexion, recherche, ajout en favori) sont testés au clavier seul.</li>
        <li>Le site utilise le Système de design de l'État (DSFR).</li>
      </ul>
      <p>Ces tests automatiques ne remplacent pas un audit : ils ne détectent qu'une partie des défauts.</p>
      <h2>Établissement de cette déclaration</h2>
      <p>Cette déclaration a été établie le 5 décembre 2026, sans audit.</p>
      <p>Technologies utilisées : HTML5, CSS, JavaScript (React), WAI-ARIA.</p>
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
