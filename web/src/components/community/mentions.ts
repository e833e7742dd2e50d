/** Mentions as the API defines them: member ids of the group (the client resolves "@Name" in the
 * text to ids with the group's members). */
import type { GroupMember } from "../../api/hooks/community";

/** The ids of the members whose "@Display name" the text contains. */
export function mentionedIds(text: string, members: GroupMember[]): string[] {
  return members.filter((m) => text.includes(`@${m.display_name}`)).map((m) => m.member_id);
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The Markdown source with each "@Name" of the mentioned people highlighted (a <mark>, kept by
 * the sanitiser; names are escaped). */
export function highlightMentions(source: string, names: string[]): string {
  if (names.length === 0) return source;
  const pattern = new RegExp(names.map((n) => escapeRegExp(`@${n}`)).sort((a, b) => b.length - a.length).join("|"), "g");
  return source.replace(pattern, (found) => `<mark class="classe12-mention">${escapeHtml(found)}</mark>`);
}
