import { Link } from "react-router";
import { PageHeading } from "../components/PageHeading";

export default function Legal() {
  return (
    <>
      <PageHeading>Mentions légales</PageHeading>
      <h2>Éditeur</h2>
      <p>
        Classe à 12 est un service public numérique et libre. L'éditeur est l'opérateur qui le déploie (pour un
        déploiement par le ministère chargé de l'Éducation nationale : ce ministère) ; il complète cette page avec son
        adresse et le nom du directeur de la publication.
      </p>
      <h2>Hébergement</h2>
      <p>Le service est hébergé dans l'Union européenne, chez l'hébergeur choisi par l'opérateur.</p>
      <h2>Code source et licence</h2>
      <p>Le code source est publié sous la licence publique de l'Union européenne (EUPL 1.2).</p>
      <h2>Contenus</h2>
      <p>Chaque ressource indique sa licence (par exemple CC BY 4.0 ou Licence Ouverte 2.0) et ses auteurs.</p>
      <h2>Données personnelles et accessibilité</h2>
      <p>
        Voir <Link to="/donnees-personnelles">Données personnelles</Link> et
        la <Link to="/accessibilite">déclaration d'accessibilité</Link>.
      </p>
      <h2>Mesure d'audience</h2>
      <p>Aucun traceur, aucun outil de mesure d'audience et aucun script d'un tiers n'est chargé par ce site.</p>
    </>
  );
}
