/** A child's progress in a family's words: the four steps of the LSU scale said kindly, the items
 * grouped by domain and competence (the framework's order), dates in French. Plain functions. */
import type { Framework, Level, Progress } from "../../api/hooks/children";

export type Step = { level: Level; label: string };

/** The LSU scale, first step first, as a family reads it (the API's messages use the same words). */
export const STEPS: Step[] = [
  { level: "non_atteint", label: "En cours d’apprentissage" },
  { level: "partiellement_atteint", label: "En bonne voie" },
  { level: "atteint", label: "Acquis" },
  { level: "depasse", label: "Très bien acquis" },
];

export type CompetenceProgress = { label: string; items: Progress[] };
export type DomainProgress = { id: string; label: string; competences: CompetenceProgress[]; counts: Record<Level, number> };

const OTHER = { id: "autres", label: "Autres apprentissages" };

/** The items positioned, by domain (in the framework's order), then by competence. */
export function byDomain(progress: Progress[], framework: Framework | undefined): DomainProgress[] {
  const domainOf = new Map<string, { id: string; label: string }>();
  const order: string[] = [];
  for (const domain of framework?.domains ?? []) {
    order.push(domain.id);
    for (const competence of domain.competences) {
      for (const item of competence.items) domainOf.set(item.id, { id: domain.id, label: domain.label });
    }
  }
  const domains = new Map<string, DomainProgress>();
  for (const item of progress) {
    const { id, label } = domainOf.get(item.item_id) ?? OTHER;
    let domain = domains.get(id);
    if (!domain) {
      domain = { id, label, competences: [], counts: { non_atteint: 0, partiellement_atteint: 0, atteint: 0, depasse: 0 } };
      domains.set(id, domain);
    }
    domain.counts[item.status] += 1;
    let competence = domain.competences.find((c) => c.label === item.competence_label);
    if (!competence) {
      competence = { label: item.competence_label, items: [] };
      domain.competences.push(competence);
    }
    competence.items.push(item);
  }
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  return [...domains.values()].sort((a, b) => rank(a.id) - rank(b.id));
}

/** "d’Inès", "de Malik". */
export function of(name: string): string {
  return /^[aeiouyàâäéèêëîïôöùûüœæ]/i.test(name) ? `d’${name}` : `de ${name}`;
}

const LONG_DATE = new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "long", year: "numeric" });

/** "2026-09-22" -> "22 septembre 2026" (a calendar day, whatever the time zone). */
export function formatDay(day: string): string {
  const [year, month, date] = day.split("-").map(Number);
  return LONG_DATE.format(new Date(year, month - 1, date));
}

/** Today in the person's own time zone, as the API's dates ("2026-12-05"). */
export function today(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
