"""Untrusted HTML made safe before it reaches a page (issue 27).

A course site is built from contributions: a notebook's stored outputs, its Markdown, the
glossary, the bibliography, the guide pages. Like JupyterLab, the build treats all of it as
untrusted. Every fragment that comes from a notebook or from the course's text passes through
:func:`clean` (nh3, a maintained HTML sanitiser) with a small allow-list: the markup of Markdown,
the course's own tables, figures, feedback boxes and poll slides, and nothing that runs: no
script, no event handler, no ``javascript:``/``vbscript:`` URL, no ``data:`` URL except an image,
and no image fetched from outside the machine (the course is offline first). Outputs of kinds that
carry script (JavaScript, widget views) are dropped.

The course's own trusted templates (the page shell, reveal.js, the search script) are not
passed through it: they are part of the toolkit, not contributions.
"""

from __future__ import annotations

import re

import nh3

#: Tags the course's pages need: Markdown's, tables, figures, the feedback and poll markup.
TAGS = {
    "a", "abbr", "aside", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "section", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u",
    "ul", "var",
}  # fmt: skip
_COMMON = {"id", "class", "title", "lang", "dir", "role", "aria-label", "aria-describedby", "aria-hidden", "tabindex"}
ATTRIBUTES = {
    "*": _COMMON | {"style"},
    "a": {"href", "rel", "target", "download"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope", "colspan", "rowspan", "align"},
    "td": {"colspan", "rowspan", "align"},
    "ol": {"start", "type"},
    "details": {"open"},
    "col": {"span"},
    "colgroup": {"span"},
}
#: CSS properties an inline style may keep (the feedback box's border, spacing and colours).
STYLE_PROPERTIES = {
    "border", "border-left", "border-radius", "padding", "margin", "background", "background-color", "color",
    "font-weight", "font-style", "font-size", "text-align", "vertical-align", "white-space", "width",
}  # fmt: skip
#: Raster images may be inlined; nothing else may be a data: URL.
_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*\Z", re.I)
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
#: Output kinds a page may show; any other (JavaScript, widget views, ...) is dropped.
SAFE_OUTPUTS = ("text/plain", "text/html", "text/markdown", "text/latex", "image/png", "image/jpeg", "image/gif")


def _url(tag: str, attribute: str, value: str) -> str | None:
    """Keep a URL that cannot run code or reach outside the machine unasked: relative links and
    anchors; http(s) and mailto links a reader may follow; inline raster images. Drop the rest."""
    if attribute == "style":  # a style may not fetch anything (url(), @import) or run (expression())
        return None if re.search(r"url\s*\(|@import|expression\s*\(", value, re.I) else value
    if attribute not in ("href", "src"):
        return value
    scheme = _SCHEME.match(value)
    if not scheme:
        if tag == "img" and value.strip().startswith("//"):
            return None  # protocol-relative: an outside image
        return value
    name = scheme.group(1).lower()
    if tag == "img":
        return value if name == "data" and _DATA_IMAGE.match(value.strip()) else None
    return value if name in ("http", "https", "mailto") else None


def clean(fragment: str) -> str:
    """``fragment`` with only the allowed tags and attributes, and only safe URLs (see above)."""
    return nh3.clean(
        fragment,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "data"},
        attribute_filter=_url,
        link_rel=None,
        strip_comments=True,
        # inline styles keep only what the feedback boxes and tables use: nothing that loads anything
        filter_style_properties=STYLE_PROPERTIES,
    )


def output(out: dict) -> dict:
    """A notebook output with its script-carrying kinds dropped and its HTML cleaned (in place)."""
    data = out.get("data")
    if isinstance(data, dict):
        for mime in list(data):
            if mime not in SAFE_OUTPUTS and not mime.startswith("application/vnd.seedsoil."):
                del data[mime]
            elif mime == "text/html" or mime.startswith("application/vnd.seedsoil."):
                text = data[mime]
                data[mime] = clean("".join(text) if isinstance(text, list) else str(text))
    return out


def safe_markdown2html(exporter_ref: dict):
    """A ``markdown2html`` filter for an nbconvert exporter: its own rendering, then :func:`clean`.
    ``exporter_ref["exporter"]`` is the exporter (set once it exists)."""
    import jinja2

    @jinja2.pass_context
    def markdown2html(context, source):
        return clean(exporter_ref["exporter"].markdown2html(context, source))

    return markdown2html


def sanitizing(exporter_class, **kwargs):
    """An nbconvert exporter whose Markdown (cells and text/markdown outputs) is cleaned when
    rendered, and whose outputs are cleaned before the templates see them."""
    from nbconvert.preprocessors import Preprocessor

    class SanitizeOutputs(Preprocessor):
        def preprocess_cell(self, cell, resources, index):
            for out in cell.get("outputs", []):
                output(out)
            return cell, resources

    ref: dict = {}
    exporter = exporter_class(filters={"markdown2html": safe_markdown2html(ref)}, **kwargs)
    ref["exporter"] = exporter
    exporter.register_preprocessor(SanitizeOutputs(enabled=True), enabled=True)
    return exporter
