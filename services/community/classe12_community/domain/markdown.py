"""Markdown bodies rendered to safe HTML, once, when a post is written (docs/decisions.md 29).

The member writes CommonMark; the service keeps the source (`body`, for editing and history)
and renders `body_html` with markdown-it-py: raw HTML is never interpreted (it is shown as
text, escaped), images are not rendered (no third-party request from a reader's browser),
links keep only http, https and mailto addresses (no `javascript:`, `data:`, relative
addresses) and carry `rel="nofollow ugc noopener"`. What remains is an allowlist by
construction: the only tags markdown-it's CommonMark renderer writes (p, em, strong, code, pre,
blockquote, ul, ol, li, h1-h6, hr, br, a). A client may display `body_html` as it is.
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt

SAFE_SCHEMES = ("http://", "https://", "mailto:")
LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable("image")
    md.validateLink = lambda url: url.strip().lower().startswith(SAFE_SCHEMES)

    def link_open(renderer, tokens, idx, options, env):
        tokens[idx].attrSet("rel", "nofollow ugc noopener")
        return renderer.renderToken(tokens, idx, options, env)

    md.add_render_rule("link_open", link_open)
    return md


_MD = _renderer()


def render(body: str) -> str:
    return _MD.render(body or "")


def has_link(text: str) -> bool:
    return bool(LINK.search(text or ""))


def excerpt(body: str, length: int = 200) -> str:
    """Plain text of the start of a body (for a quote), blanks collapsed."""
    text = " ".join((body or "").split())
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"
