import type { Person } from "../../api/hooks/community";

/** A member's avatar as community describes it (initials on a colour of the DSFR, contrast 4.5:1
 * at least; no image is stored), drawn like the gateway's avatar.svg. Decorative: the member's
 * name is always next to it. */
export function Avatar({ avatar, size = 80 }: { avatar: Person["avatar"]; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 96 96" aria-hidden="true" focusable="false" className="classe12-avatar">
      <rect width="96" height="96" rx="48" fill={avatar.background} />
      <text x="48" y="48" dy="0.35em" textAnchor="middle" fontFamily="Marianne, Arial, sans-serif" fontSize="40" fontWeight="700"
        fill={avatar.foreground}>{avatar.initials}</text>
    </svg>
  );
}
