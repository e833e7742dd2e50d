"""A member's default avatar as an image: their initials on the colour community describes
(`avatar` of a profile: initials, background, foreground, label). The gateway only draws it;
who may see the member is community's rule (get_profile)."""
from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from flask import Blueprint, Response

from ..endpoints import AUTH_REQUIRED, Reply, endpoint, rpc

bp = Blueprint("avatars", __name__, url_prefix="/api/v1")

SVG_OPENAPI = {"responses": {"200": {"description": "L'avatar (initiales sur une couleur du DSFR), 96 × 96.",
                                     "content": {"image/svg+xml": {"schema": {"type": "string"}}}}}}
HEADERS = {"Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff",
           "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"}


def avatar_svg(avatar: dict) -> str:
    """An accessible SVG (role img, its label as title); every text escaped."""
    label, initials = escape(avatar["label"]), escape(avatar["initials"])
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96" role="img" '
            f'aria-label={quoteattr(avatar["label"])}><title>{label}</title>'
            f'<rect width="96" height="96" rx="48" fill={quoteattr(avatar["background"])}/>'
            f'<text x="48" y="48" dy="0.35em" text-anchor="middle" font-family="Marianne, Arial, sans-serif" '
            f'font-size="40" font-weight="700" fill={quoteattr(avatar["foreground"])}>{initials}</text></svg>')


@endpoint(bp, "GET", "/members/<id>/avatar.svg", summary="L'avatar d'un membre (image SVG de ses initiales)",
          auth=AUTH_REQUIRED, errors=(401, 404, 502), openapi=SVG_OPENAPI)
def member_avatar(caller, _data, id):
    profile = rpc("community", "get_profile", member_id=id)
    return Reply(Response(avatar_svg(profile["avatar"]), status=200, content_type="image/svg+xml; charset=utf-8",
                          headers=HEADERS), 200)
