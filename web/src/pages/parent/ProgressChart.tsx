/** Where a child stands, domain by domain: one bar per domain, its items counted at each step
 * (CSS, DSFR colours, lighter to darker as the learning settles), then the same data as a table. */
import { Table } from "@codegouvfr/react-dsfr/Table";
import { useEffect, useId, useRef } from "react";
import { STEPS, type DomainProgress } from "./progress";

export function ProgressChart({ alias, domains }: { alias: string; domains: DomainProgress[] }) {
  const id = useId();
  const table = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // the DSFR table scrolls sideways on a narrow screen: keyboards must be able to scroll it too
    table.current?.querySelector("table")?.setAttribute("tabindex", "0");
  });
  return (
    <>
      <figure className="fr-my-4w classe12-chart" aria-labelledby={`${id}-titre`}>
        <figcaption id={`${id}-titre`} className="fr-h6 fr-mb-1w">Où en est {alias}, domaine par domaine</figcaption>
        <p className="fr-text--sm">
          Chaque case compte les apprentissages observés à une étape, dans l’ordre de la légende. Le tableau
          qui suit donne les mêmes informations.
        </p>
        <ul className="classe12-chart__legend fr-raw-list fr-mb-2w" aria-hidden="true">
          {STEPS.map((step) => (
            <li key={step.level}>
              <span className={`classe12-step classe12-step--${step.level} classe12-swatch`} />
              {step.label}
            </li>
          ))}
        </ul>
        <div aria-hidden="true">
          {domains.map((domain) => (
            <div key={domain.id} className="fr-mb-2w">
              <p className="fr-text--sm fr-mb-1v">{domain.label}</p>
              <div className="classe12-chart__bar">
                {STEPS.filter((step) => domain.counts[step.level] > 0).map((step) => (
                  <span key={step.level} className={`classe12-step classe12-step--${step.level}`}
                    style={{ flexGrow: domain.counts[step.level] }}>
                    {domain.counts[step.level]}
                  </span>
                ))}
              </div>
            </div>
          ))}
        </div>
      </figure>
      <Table
        ref={table}
        caption={`Où en est ${alias} : le même graphique en tableau`}
        headers={["Domaine", ...STEPS.map((step) => step.label)]}
        data={domains.map((domain) => [domain.label, ...STEPS.map((step) => String(domain.counts[step.level]))])}
      />
    </>
  );
}
