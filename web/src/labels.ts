/** French labels of the API's codes. */
export const KINDS: Record<string, string> = {
  article: "Article", video: "Vidéo", audio: "Audio", fiche: "Fiche imprimable", sequence: "Séquence",
  outil: "Outil", temoignage: "Témoignage", amenagement: "Aménagement de la classe",
};
export const LICENCES: Record<string, string> = {
  "cc-by-4.0": "CC BY 4.0", "cc-by-sa-4.0": "CC BY-SA 4.0", "licence-ouverte-2.0": "Licence Ouverte 2.0",
  "tous-droits-reserves": "Tous droits réservés",
};
export const DURATIONS: Record<string, string> = {
  "15": "15 minutes ou moins", "30": "30 minutes ou moins", "60": "1 heure ou moins", "120": "2 heures ou moins", plus: "Plus de 2 heures",
};
export const ZONES: Record<string, string> = {
  regroupement: "Regroupement", autonomie: "Autonomie", ateliers: "Ateliers", "coin-lecture": "Coin lecture",
  "co-intervention": "Co-intervention", ecoute: "Écoute", ecriture: "Écriture", "jeux-mathematiques": "Jeux mathématiques",
  numerique: "Numérique", calme: "Coin calme",
};
export const ROLES: Record<string, string> = {
  teacher: "Enseignant ou enseignante", director: "Direction d'école", coordinator: "Coordination REP / REP+",
  partner: "Partenaire", parent: "Parent",
};
/** The roles only an admin grants (community.PrivilegedRole). */
export const PRIVILEGED_ROLES = {
  adviser: "Conseiller ou conseillère pédagogique", researcher: "Chercheur ou chercheuse", admin: "Administrateur ou administratrice",
} as const;
/** Any role of a member, self-chosen or granted, in French. */
export const roleLabel = (role: string) => label({ ...ROLES, ...PRIVILEGED_ROLES }, role);

export const label = (labels: Record<string, string>, code: string) => labels[code] ?? code;

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} octets`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} Ko`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace(".", ",")} Mo`;
}

/** A resource's state in the editorial workflow, and the severity of its badge. */
export const STATUSES: Record<string, { label: string; severity: "new" | "info" | "warning" | "success" | "error" }> = {
  draft: { label: "Brouillon", severity: "new" },
  submitted: { label: "En relecture", severity: "info" },
  changes_requested: { label: "Modifications demandées", severity: "warning" },
  published: { label: "Publiée", severity: "success" },
  archived: { label: "Archivée", severity: "error" },
};
export const FILE_ROLES: Record<string, string> = {
  media: "Vidéo ou son de la ressource", attachment: "Pièce jointe (fiche à imprimer…)", plan: "Plan de la classe",
};
/** E-mail choices of a notification category (notifications.email_choice). */
export const EMAIL_CHOICES: Record<string, string> = {
  immediate: "Aussitôt", daily: "Résumé quotidien", weekly: "Résumé hebdomadaire", off: "Jamais",
};
