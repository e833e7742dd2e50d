"""SVG sanitised on upload: what is kept is a static drawing, nothing that runs or loads.

The document is parsed with expat (the standard library's XML parser, hardened as defusedxml
does it: a DOCTYPE with an internal subset, any entity declaration or external entity is
refused, so no billion laughs and no file read), then written again from an allowlist:

- elements of the SVG namespace that draw (shapes, text, gradients, patterns, clips, masks,
  markers, filters, `use`, `image` with an embedded raster picture); everything else is
  dropped with its content: `script`, `foreignObject`, `style`, animations (they can rewrite
  links), `feImage`, elements of other namespaces; `a` and `switch` are dropped but keep their
  content;
- attributes of an allowlist (geometry and presentation); never an event attribute (`on*`);
  links (`href`, `xlink:href`) only to a fragment of the document (`#id`), or, on `image`, to
  an embedded PNG/JPEG/GIF/WebP (`data:image/...;base64,`); `url(...)` only to a fragment;
  a `style` attribute only without `url`, `@`, `\\` or `expression`;
- no comment, no processing instruction (an `xml-stylesheet` would load a style sheet).

`sanitise(data)` returns the clean document (UTF-8) or raises `UnsafeSvg` (refused: 415).
"""
from __future__ import annotations

import re
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

ELEMENTS = frozenset("""
svg g defs symbol use title desc path rect circle ellipse line polyline polygon text tspan textPath
linearGradient radialGradient stop pattern clipPath mask marker image filter feBlend feColorMatrix
feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting feDisplacementMap feDistantLight
feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur feMerge feMergeNode feMorphology
feOffset fePointLight feSpecularLighting feSpotLight feTile feTurbulence
""".split())
#: dropped, but their content is kept
TRANSPARENT = frozenset({"a", "switch"})

ATTRIBUTES = frozenset("""
id class transform d x y x1 y1 x2 y2 cx cy r rx ry fx fy fr width height points viewBox preserveAspectRatio
version baseProfile fill fill-opacity fill-rule stroke stroke-width stroke-linecap stroke-linejoin
stroke-miterlimit stroke-dasharray stroke-dashoffset stroke-opacity opacity color display visibility overflow
font-family font-size font-size-adjust font-stretch font-weight font-style font-variant text-anchor
dominant-baseline alignment-baseline baseline-shift letter-spacing word-spacing text-decoration writing-mode
direction unicode-bidi dx dy rotate textLength lengthAdjust startOffset method spacing side offset stop-color
stop-opacity gradientUnits gradientTransform spreadMethod patternUnits patternContentUnits patternTransform
clipPathUnits clip-path clip-rule mask maskUnits maskContentUnits marker-start marker-mid marker-end markerWidth
markerHeight markerUnits refX refY orient filter filterUnits primitiveUnits in in2 result stdDeviation mode
operator k1 k2 k3 k4 values type tableValues slope intercept amplitude exponent flood-color flood-opacity
lighting-color radius scale xChannelSelector yChannelSelector baseFrequency numOctaves seed stitchTiles
order kernelMatrix divisor bias targetX targetY edgeMode kernelUnitLength preserveAlpha surfaceScale
diffuseConstant specularConstant specularExponent limitingConeAngle azimuth elevation z pointsAtX pointsAtY
pointsAtZ shape-rendering image-rendering text-rendering color-interpolation color-interpolation-filters
color-rendering vector-effect pathLength mix-blend-mode isolation paint-order lang style href
""".split())

#: what assistive technologies read of a drawing (role="img", aria-labelledby...): kept for RGAA
ACCESSIBILITY = frozenset({"role", "tabindex", "focusable"})
ARIA = re.compile(r"aria-[a-z]+")

FRAGMENT = re.compile(r"#[A-Za-z_][\w.:-]*")
EMBEDDED_PICTURE = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*")
URL = re.compile(r"url\(", re.IGNORECASE)
LOCAL_URL = re.compile(r"""url\(\s*(['"]?)#[A-Za-z_][\w.:-]*\1\s*\)""", re.IGNORECASE)
UNSAFE_STYLE = re.compile(r"url|@|\\|expression|javascript|behavior|binding|<|&", re.IGNORECASE)


class UnsafeSvg(ValueError):
    """The document is not a readable SVG, or tries what an SVG must not (entities, DTD)."""


def _refuse(*_args):
    raise UnsafeSvg("Ce fichier SVG déclare des entités ou une DTD interne : il est refusé.")


def _split(name: str) -> tuple[str | None, str]:
    namespace, _, local = name.rpartition(" ")
    return namespace or None, local


class _Writer:
    def __init__(self):
        self.out: list[str] = []
        self.stack: list[str | None] = []  # per open element: its tag when written, None when dropped
        self.skipping = 0                  # depth inside a dropped subtree
        self.uses_xlink = False
        self.root_seen = False

    # -- elements ---------------------------------------------------------------------------
    def start(self, name, attrs):
        namespace, local = _split(name)
        if not self.root_seen:
            self.root_seen = True
            if namespace != SVG_NS or local != "svg":
                raise UnsafeSvg("Ce fichier n'est pas un dessin SVG (l'élément racine doit être <svg>).")
        if self.skipping:
            self.skipping += 1
            self.stack.append(None)
            return
        if namespace != SVG_NS or (local not in ELEMENTS and local not in TRANSPARENT):
            self.skipping = 1
            self.stack.append(None)
            return
        if local in TRANSPARENT:
            self.stack.append(None)
            return
        kept = self._attributes(local, attrs)
        if not self.out:
            kept.insert(0, ("xmlns", SVG_NS))
        self.out.append("<" + local + "".join(f" {key}={quoteattr(value)}" for key, value in kept) + ">")
        self.stack.append(local)

    def end(self, _name):
        tag = self.stack.pop()
        if self.skipping:
            self.skipping -= 1
            return
        if tag is not None:
            self.out.append(f"</{tag}>")

    def text(self, data):
        if not self.skipping and self.stack and self.stack[-1] is not None:
            self.out.append(escape(data))

    # -- attributes -------------------------------------------------------------------------
    def _attributes(self, element: str, attrs: dict) -> list[tuple[str, str]]:
        kept = []
        for name, value in attrs.items():
            namespace, local = _split(name)
            if namespace == XML_NS and local in ("space", "lang"):
                kept.append((f"xml:{local}", value))
            elif namespace == XLINK_NS and local == "href":
                if self._link_allowed(element, value):
                    kept.append(("xlink:href", value.strip()))
                    self.uses_xlink = True
            elif namespace is None and (local in ACCESSIBILITY or ARIA.fullmatch(local)):
                kept.append((local, value))  # plain text for assistive technologies (RGAA)
            elif namespace is None and local in ATTRIBUTES:
                if local == "href":
                    if self._link_allowed(element, value):
                        kept.append(("href", value.strip()))
                elif local == "style":
                    if not UNSAFE_STYLE.search(value):
                        kept.append((local, value))
                elif not URL.search(value) or self._local_urls_only(value):
                    kept.append((local, value))
        return kept

    @staticmethod
    def _link_allowed(element: str, value: str) -> bool:
        value = value.strip()
        if FRAGMENT.fullmatch(value):
            return True
        return element == "image" and EMBEDDED_PICTURE.fullmatch(value) is not None

    @staticmethod
    def _local_urls_only(value: str) -> bool:
        return len(URL.findall(value)) == len(LOCAL_URL.findall(value))

    def document(self) -> bytes:
        body = "".join(self.out)
        if self.uses_xlink:
            body = body.replace(f'<svg xmlns="{SVG_NS}"', f'<svg xmlns="{SVG_NS}" xmlns:xlink="{XLINK_NS}"', 1)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


def sanitise(data: bytes) -> bytes:
    """The SVG document `data` rewritten from the allowlist (see the module's docstring)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    writer = _Writer()

    def doctype(_name, _system_id, _public_id, has_internal_subset):
        if has_internal_subset:
            _refuse()

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.StartElementHandler = writer.start
    parser.EndElementHandler = writer.end
    parser.CharacterDataHandler = writer.text
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise UnsafeSvg(f"Ce fichier SVG est illisible (XML mal formé, ligne {exc.lineno}).") from None
    if not writer.root_seen:
        raise UnsafeSvg("Ce fichier n'est pas un dessin SVG.")
    return writer.document()
