import { Link, useParams } from "react-router";
import { useVersion } from "../api/hooks/resources";
import { Loading } from "../components/Loading";
import { Markdown } from "../components/Markdown";
import { PageHeading } from "../components/PageHeading";
import { ProblemAlert } from "../components/ProblemAlert";
import { usePageTitle } from "../pageTitle";
import { WHEN } from "./ResourceVersions";

/** One published version of a resource, as it was. */
export default function ResourceVersion() {
  const { id = "", version = "" } = useParams();
  const number = Number(version);
  const found = useVersion(id, number);
  const title = found.data ? `Version ${number} : ${found.data.title}` : undefined;
  usePageTitle(title);
  if (found.isPending) return <Loading />;
  if (!found.data) return <><PageHeading>Version de la ressource</PageHeading><ProblemAlert error={found.error} /></>;
  const v = found.data;
  return (
    <article>
      <PageHeading>{title}</PageHeading>
      <p className="fr-text--sm">
        Publiée le {WHEN.format(new Date(v.edited_at))}{v.change_note && <> · Note : « {v.change_note} »</>}
      </p>
      <p className="fr-text--lead">{v.summary}</p>
      <Markdown source={v.body} />
      <p>
        <Link to={`/ressources/${id}/versions`}>Toutes les versions</Link>
        {" · "}
        <Link to={`/ressources/${id}`}>La version actuelle</Link>
      </p>
    </article>
  );
}
