"""Text from the course's data files (CSV cells, BibTeX fields, course.yml) made safe to show.

Markdown lets raw HTML through, so a ``<script>`` in a glossary definition or a reference title
would become a real element in the pages and slides. Every such string passes through
:func:`plain` before it is written into Markdown or HTML: it then shows exactly as written.
"""

from __future__ import annotations

import html


def plain(text: object) -> str:
    """``text`` with ``&``, ``<`` and ``>`` escaped: shown as written, never read as markup."""
    return html.escape(str(text), quote=False)


class EncodingProblem(ValueError):
    """A text file that is neither UTF-8 nor Windows-1252; the message names file and line."""


def read_text(path, *, windows_ok: bool = False) -> str:
    """A text file as people really save it: a UTF-8 byte-order mark (Excel's "CSV UTF-8") is
    dropped and Windows line endings become plain ones. A spreadsheet's own Windows-1252 file is
    read as such when ``windows_ok``; otherwise, or if that fails too, EncodingProblem names the
    file and the line of the first byte that is not UTF-8."""
    from pathlib import Path

    raw = Path(path).read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        if windows_ok:
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError:
                text = None
            if text is not None:
                return text.replace("\r\n", "\n")
        raise EncodingProblem(
            f"{path}: line {line}: byte 0x{raw[error.start]:02x} is not UTF-8 text; "
            "save the file as UTF-8 (in a spreadsheet: 'CSV UTF-8')"
        ) from None
    return text.replace("\r\n", "\n")


class YamlProblem(ValueError):
    """A YAML file that cannot be read as the course expects; the message names file and line."""


def _loader():
    """PyYAML's safe loader, in C where PyYAML was built with libyaml (about ten times faster),
    refusing a key given twice in one mapping (YAML keeps the last silently)."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):
        def construct_mapping(self, node, deep=False):
            seen = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                if isinstance(key, (str, int, float, bool)) and key in seen:
                    raise YamlProblem(f"line {key_node.start_mark.line + 1}: the key {key!r} is given twice")
                if isinstance(key, (str, int, float, bool)):
                    seen.add(key)
            return super().construct_mapping(node, deep=deep)

    return Loader


#: The longest YAML text the course reads (its manifest is about 20 kB).
MAX_YAML = 1_000_000


def load_yaml(text: str, where: str = "YAML"):
    """The data in ``text``, read safely (no Python objects) and fast; YamlProblem names ``where``
    and the line for text that is not YAML or repeats a key."""
    import yaml

    if len(text) > MAX_YAML:
        raise YamlProblem(f"{where}: {len(text):,} characters is too long for a course file (at most {MAX_YAML:,})")
    try:
        # An alias repeats an anchored part; nested aliases can expand a few lines into billions of
        # items (the "billion laughs"). The course's files never need them: refuse any.
        for event in yaml.parse(text, Loader=_loader()):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1
                raise YamlProblem(f"line {line}: aliases (*name) are not allowed in course files")
        return yaml.load(text, Loader=_loader())  # noqa: S506 - a SafeLoader subclass
    except YamlProblem as error:
        raise YamlProblem(f"{where}: {error}") from None
    except yaml.YAMLError as error:
        raise YamlProblem(f"{where}: not valid YAML: {error}") from None
