import { Link } from "react-router";
import { PageHeading } from "../components/PageHeading";
import { ROUTES } from "../routes";

/** Every page of the route table that has its own address (RGAA 12.1: a site map). */
export default function SiteMap() {
  return (
    <>
      <PageHeading>Plan du site</PageHeading>
      <ul>
        {ROUTES.filter((r) => r.inSiteMap).map((r) => (
          <li key={r.id}><Link to={r.path}>{r.title}</Link></li>
        ))}
      </ul>
    </>
  );
}
