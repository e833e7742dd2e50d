/** Stacked horizontal bars of level counts (CSS, DSFR colours, no chart library). The bars are
 * hidden from assistive technologies: every chart is followed by its data table. */
import type { LevelCounts } from "../../api/hooks/classes";
import { LEVEL_COLOURS, LEVEL_LABELS, LEVEL_TEXT, LEVELS, total } from "./levels";

export function LevelLegend() {
  return (
    <ul className="classe12-legend" aria-hidden="true">
      {LEVELS.map((level) => (
        <li key={level}><span className="classe12-swatch" style={{ background: LEVEL_COLOURS[level] }} />{LEVEL_LABELS[level]}</li>
      ))}
    </ul>
  );
}

export function LevelBars({ rows }: { rows: { key: string; label: string; counts: LevelCounts }[] }) {
  return (
    <div className="classe12-bars" aria-hidden="true">
      <LevelLegend />
      {rows.map((row) => {
        const sum = total(row.counts);
        return (
          <div key={row.key} className="classe12-bar-row">
            <span className="classe12-bar-label">{row.label}</span>
            <span className="classe12-bar">
              {sum === 0 ? <span className="classe12-bar-empty">Aucun positionnement</span> : LEVELS.map((level) => row.counts[level] > 0 && (
                <span key={level} className="classe12-bar-part" title={`${LEVEL_LABELS[level]} : ${row.counts[level]}`}
                  style={{ width: `${(100 * row.counts[level]) / sum}%`, background: LEVEL_COLOURS[level], color: LEVEL_TEXT[level] }}>
                  {row.counts[level]}
                </span>
              ))}
            </span>
          </div>
        );
      })}
    </div>
  );
}
