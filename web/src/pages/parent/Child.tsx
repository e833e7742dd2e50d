/** A parent's own child: their progress in class (a chart and its table, then item by item, in
 * plain and kind words) and the family's observations from home. */
import { useParams } from "react-router";
import { useChild, useFramework, type ChildProgress } from "../../api/hooks/children";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { ProblemAlert } from "../../components/ProblemAlert";
import { usePageTitle } from "../../pageTitle";
import { Observations } from "./Observations";
import { ProgressChart } from "./ProgressChart";
import { byDomain, formatDay, of } from "./progress";

export default function Child() {
  const { id = "" } = useParams();
  const { data: child, error, isPending } = useChild(id);
  const title = child ? `Le suivi ${of(child.alias)}` : undefined;
  usePageTitle(title);
  if (isPending) return <Loading />;
  if (!child) {
    return (
      <>
        <PageHeading>Mon enfant</PageHeading>
        <ProblemAlert error={error} />
      </>
    );
  }
  return (
    <>
      <PageHeading>{title}</PageHeading>
      <p className="fr-text--lead">{child.level} · {child.class_name} · année scolaire {child.school_year}</p>
      <ProgressInClass child={child} />
      <Observations child={child} />
    </>
  );
}

function ProgressInClass({ child }: { child: ChildProgress }) {
  const framework = useFramework();
  const domains = byDomain(child.progress, framework.data);
  return (
    <section aria-labelledby="progres" className="fr-mb-6w">
      <h2 id="progres">Ses progrès en classe</h2>
      <p>
        Ce que l’enseignant ou l’enseignante a observé en classe, apprentissage par apprentissage.
        Ces repères servent à accompagner {child.alias}, jamais à le ou la comparer à d’autres enfants.
      </p>
      {child.progress.length === 0 ? (
        <p>Rien n’a encore été noté pour {child.alias}. Les progrès apparaîtront ici au fil de l’année.</p>
      ) : (
        <>
          <ProgressChart alias={child.alias} domains={domains} />
          {domains.map((domain) => (
            <div key={domain.id} className="fr-mt-4w">
              <h3 className="fr-h5">{domain.label}</h3>
              {domain.competences.map((competence) => (
                <div key={competence.label} className="fr-mb-3w">
                  <h4 className="fr-h6 fr-mb-1w">{competence.label}</h4>
                  <ul className="fr-raw-list">
                    {competence.items.map((item) => (
                      <li key={item.item_id} className="fr-mb-2w">
                        <p className="fr-mb-0"><strong>{item.label}</strong></p>
                        <p className="fr-mb-0">
                          <span className={`classe12-step classe12-step--${item.status} classe12-swatch`} aria-hidden="true" />
                          {item.message}
                        </p>
                        <p className="fr-text--xs fr-mb-0">Observé en classe le {formatDay(item.date)}</p>
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </div>
          ))}
        </>
      )}
    </section>
  );
}
