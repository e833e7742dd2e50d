/** The LSU scale in the client: French labels (the framework's own when loaded), DSFR colours, order. */
import type { Level, LevelCounts } from "../../api/hooks/classes";

export const LEVELS: Level[] = ["non_atteint", "partiellement_atteint", "atteint", "depasse"];

export const LEVEL_LABELS: Record<Level, string> = {
  non_atteint: "Non atteint", partiellement_atteint: "Partiellement atteint", atteint: "Atteint", depasse: "Dépassé",
};

/** DSFR "flat" backgrounds: they keep their contrast in the dark theme too. */
export const LEVEL_COLOURS: Record<Level, string> = {
  non_atteint: "var(--background-flat-error)",
  partiellement_atteint: "var(--background-flat-warning)",
  atteint: "var(--background-flat-success)",
  depasse: "var(--background-flat-blue-france)",
};

/** The DSFR text colour made for each of those backgrounds. */
export const LEVEL_TEXT: Record<Level, string> = {
  non_atteint: "var(--text-inverted-error)",
  partiellement_atteint: "var(--text-inverted-warning)",
  atteint: "var(--text-inverted-success)",
  depasse: "var(--text-inverted-blue-france)",
};

export const PROGRESS_LABELS: Record<string, string> = {
  premier_positionnement: "Premier positionnement", en_progres: "En progrès", stable: "Stable", en_recul: "À reprendre",
};

export const GROUP_LABELS: Record<string, string> = { besoin: "À besoin", fragile: "Fragile", satisfaisant: "Satisfaisant" };

export const total = (counts: LevelCounts) => LEVELS.reduce((sum, level) => sum + counts[level], 0);

export const formatDate = (iso: string) =>
  new Date(`${iso.slice(0, 10)}T12:00:00`).toLocaleDateString("fr-FR", { day: "numeric", month: "long", year: "numeric" });

/** Today as YYYY-MM-DD in the browser's time zone. */
export function today(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

/** The school year of today ("2026-2027": from August on, the next one). */
export function currentSchoolYear(): string {
  const now = new Date();
  const start = now.getMonth() >= 7 ? now.getFullYear() : now.getFullYear() - 1;
  return `${start}-${start + 1}`;
}
