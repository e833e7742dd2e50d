/** A pupil's level on one competence over time: a small SVG line chart (DSFR colours, no chart
 * library), hidden from assistive technologies because the page gives the same data as a table. */
import type { Level } from "../../api/hooks/classes";
import { LEVEL_LABELS, LEVELS } from "./levels";

const W = 560;
const H = 150;
const LEFT = 150;
const TOP = 12;
const BOTTOM = 28;

export function CompetenceChart({ title, dates, points }: { title: string; dates: string[]; points: (Level | null)[] }) {
  const x = (i: number) => LEFT + (dates.length === 1 ? (W - LEFT) / 2 : (i * (W - LEFT - 20)) / (dates.length - 1) + 10);
  const y = (level: Level) => TOP + ((LEVELS.length - 1 - LEVELS.indexOf(level)) * (H - TOP - BOTTOM)) / (LEVELS.length - 1);
  const known = points.map((p, i) => (p ? { x: x(i), y: y(p) } : null)).filter((p): p is { x: number; y: number } => p !== null);
  return (
    <figure className="fr-m-0 fr-mb-3w">
      <figcaption className="fr-text--bold">{title}</figcaption>
      <svg className="classe12-chart" viewBox={`0 0 ${W} ${H}`} width="100%" style={{ maxWidth: W }} aria-hidden="true" focusable="false">
        {LEVELS.map((level) => (
          <g key={level}>
            <line x1={LEFT} x2={W} y1={y(level)} y2={y(level)} />
            <text x={LEFT - 8} y={y(level) + 4} textAnchor="end">{LEVEL_LABELS[level]}</text>
          </g>
        ))}
        {dates.map((date, i) => (
          <text key={date} x={x(i)} y={H - 8} textAnchor="middle">{date.slice(8, 10)}/{date.slice(5, 7)}</text>
        ))}
        <polyline fill="none" stroke="var(--border-action-high-blue-france)" strokeWidth={3} points={known.map((p) => `${p.x},${p.y}`).join(" ")} />
        {known.map((p, i) => <circle key={i} cx={p.x} cy={p.y} r={5} fill="var(--background-action-high-blue-france)" />)}
      </svg>
    </figure>
  );
}
