/** A resource's Markdown body, rendered then sanitised (DOMPurify: no script, no event handler,
 * no javascript: link), its headings moved one level down under the page's h1. */
import DOMPurify from "dompurify";
import { marked } from "marked";
import { useMemo } from "react";

export function Markdown({ source, className = "fr-my-4w" }: { source: string; className?: string }) {
  const html = useMemo(() => {
    const raw = marked.parse(source, { async: false, gfm: true }) as string;
    const demoted = raw.replace(/<(\/?)h([1-5])\b/g, (_, slash: string, level: string) => `<${slash}h${Number(level) + 1}`);
    return DOMPurify.sanitize(demoted, { USE_PROFILES: { html: true }, FORBID_TAGS: ["style", "form", "input"] });
  }, [source]);
  return <div className={`classe12-markdown ${className}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
