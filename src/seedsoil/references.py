"""The course bibliography, ``data/references.bib``.

>>> from seedsoil.references import cite, bibliography
>>> cite("cummings2014")           # 'Cummings et al. 2014'
>>> bibliography(["cummings2014"])  # a Markdown list for the notebook's References section

In the References list, a DOI links to doi.org, a PMID to PubMed and a web page to itself, so a
reader can follow the source. These are plain links a reader chooses to follow: nothing is loaded
from the web to show a page. ``identifiers()`` gives the same identifiers as plain text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from urllib.parse import quote

import bibtexparser
from bibtexparser.middlewares import LatexDecodingMiddleware
from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names

from .resources import data_dir
from .text import EncodingProblem, plain, read_text


class CitationError(KeyError, ValueError):
    """A citation key is not in references.bib, or an entry lacks what it needs."""

    def __str__(self) -> str:  # KeyError quotes its message; show it plainly
        return str(self.args[0])


@dataclass(frozen=True)
class Reference:
    key: str
    entry_type: str
    fields: dict

    @property
    def doi(self) -> str | None:
        return self.fields.get("doi")

    @property
    def pmid(self) -> str | None:
        return self.fields.get("pmid")

    @property
    def url(self) -> str | None:
        return self.fields.get("url")

    @property
    def year(self) -> str:
        return self.fields.get("year", "n.d.")

    @property
    def surnames(self) -> list[str]:
        authors = self.fields.get("author", "")
        if not authors:
            return [_clean(self.fields.get("organization") or self.fields.get("publisher") or "Anonymous")]
        return [_surname(n) for n in _split_authors(authors)]

    def short(self) -> str:
        """Author–year label, e.g. 'Cummings et al. 2014'."""
        s = self.surnames
        if s[-1].lower() == "others" or len(s) > 2:
            who = f"{s[0]} et al."
        elif len(s) == 2:
            who = f"{s[0]} & {s[1]}"
        else:
            who = s[0]
        return f"{who} {self.year}"

    def _identified(self) -> list[tuple[str, str]]:
        """(text, address) of the DOI, the PMID and, when neither exists, the URL."""
        found = []
        if self.doi:
            found.append((f"doi:{self.doi}", f"https://doi.org/{quote(self.doi, safe='/:;.-_')}"))
        if self.pmid:
            found.append((f"PMID {self.pmid}", f"https://pubmed.ncbi.nlm.nih.gov/{quote(str(self.pmid))}/"))
        if self.url and not (self.doi or self.pmid):
            if re.match(r"https?://[^\s]+\Z", self.url.strip()):
                found.append((re.sub(r"^https?://", "", self.url), quote(self.url, safe="/:;.-_?=&%#~+")))
            else:  # a javascript:, data: or other address is shown as text, never as a link
                found.append((self.url.strip(), ""))
        return found

    def identifiers(self) -> str:
        """DOI, PMID and (scheme-less) URL as plain text."""
        return " · ".join(text for text, _ in self._identified())

    def links(self) -> str:
        """DOI, PMID and URL as Markdown links to doi.org, PubMed and the page itself."""
        return " · ".join(
            f"[{plain(text)}]({address})" if address else plain(text) for text, address in self._identified()
        )

    def formatted(self, links: bool = True) -> str:
        """One-line Markdown reference: authors, year, title, venue, identifiers (as links to
        follow, or with ``links=False`` as plain text)."""
        f = self.fields
        safe = plain if links else str  # Markdown lets HTML through: escape what the .bib says
        authors = safe(_authors_text(f.get("author", "")) or _clean(f.get("organization", "")))
        venue = f.get("journal") or f.get("booktitle") or f.get("publisher") or f.get("howpublished") or ""
        venue = safe(_clean(venue))
        details = safe(", ".join(x for x in (f.get("volume", ""), f.get("pages", "").replace("--", "–")) if x))
        parts = [f"{authors} ({safe(self.year)}). {safe(_clean(f.get('title', '')))}."]
        if venue:
            parts.append(f"*{venue}*" + (f" {details}." if details else "."))
        ids = self.links() if links else self.identifiers()
        if ids:
            parts.append(ids + ".")
        return " ".join(parts)


def _clean(text: str) -> str:
    return re.sub(r"[{}]", "", text).replace("\\&", "&").strip()


def _split_authors(authors: str) -> list[str]:
    """BibTeX's author list split at top-level " and " ({Food and Drug Administration} is one),
    by bibtexparser's own name splitting."""
    return [a.strip() for a in split_multiple_persons_names(authors) if a.strip()]


def _is_corporate(name: str) -> bool:
    return name.startswith("{") and name.endswith("}")  # {World Health Organization}


def _surname(name: str) -> str:
    if _is_corporate(name):
        return _clean(name)
    parts = parse_single_name_into_parts(name)
    return _clean(" ".join(parts.von + parts.last))


def _authors_text(authors: str) -> str:
    """'Bidard FC, Mayer EL, Park YH et al.': surname (with its von part) and initials. The names
    arrive decoded from LaTeX (Fran{\\c c}ois-Cl{\\'e}ment is François-Clément, so FC)."""
    out = []
    for n in _split_authors(authors):
        if n.lower() == "others":
            out.append("et al.")
            continue
        if _is_corporate(n):
            out.append(_clean(n))
            continue
        parts = parse_single_name_into_parts(n)
        first = " ".join(parts.first)
        initials = "".join(p[0] for p in re.split(r"[\s.\-]+", _clean(first)) if p)
        out.append(f"{_clean(' '.join(parts.von + parts.last))} {initials}".strip())
    if len(out) > 1 and out[-1] == "et al.":
        return ", ".join(out[:-1]) + " et al."
    return ", ".join(out)


@functools.lru_cache(maxsize=8)
def _load(path: Path, stamp: int | None) -> dict[str, Reference]:
    if not path.is_file():
        raise FileNotFoundError(f"Bibliography not found: {path}")
    try:
        # LaTeX decoded by bibtexparser (accents, \\&), braces kept: they protect "{Food and Drug
        # Administration}" as one name and are dropped when shown (_clean)
        library = bibtexparser.parse_string(
            read_text(path), append_middleware=[LatexDecodingMiddleware(keep_braced_groups=True)]
        )
    except EncodingProblem as error:
        raise ValueError(str(error)) from None
    for block in library.failed_blocks:
        line = block.start_line + 1
        if type(block).__name__ == "DuplicateBlockKeyBlock":
            raise ValueError(f"{path}: line {line}: duplicate citation key {block.key!r}")
        raise ValueError(f"{path}: line {line}: could not parse this entry ({block.error!r})")
    refs: dict[str, Reference] = {}
    for entry in library.entries:
        fields = {k.lower(): str(v.value) for k, v in entry.fields_dict.items()}
        refs[entry.key] = Reference(entry.key, entry.entry_type.lower(), MappingProxyType(fields))
    return refs


def load(path: str | Path | None = None) -> dict[str, Reference]:
    """All references in the bibliography, by key."""
    path = Path(path) if path else data_dir() / "references.bib"
    # Keyed on the modification time, so an edited bibliography is read again; a new dict each
    # time, so a caller's change never reaches what the course cites.
    return dict(_load(path, path.stat().st_mtime_ns if path.exists() else None))


def get(key: str) -> Reference:
    if not isinstance(key, str):
        raise TypeError(f"a citation key is text, such as 'paget1889', got {type(key).__name__}")
    refs = load()
    if key not in refs:
        raise CitationError(f"Citation key {key!r} is not in data/references.bib")
    return refs[key]


def cite(key: str) -> str:
    """Short author–year label for ``key``."""
    return get(key).short()


class Bibliography:
    """A rendered list of references (shows as Markdown in notebooks, plain text elsewhere)."""

    def __init__(self, refs: list[Reference]):
        self.refs = refs

    def markdown(self) -> str:
        # The anchor lets prose link to a reference with [Author year](#ref-key).
        return "\n".join(f'- <a id="ref-{r.key}"></a>{r.formatted()} `[{r.key}]`' for r in self.refs)

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def __repr__(self) -> str:
        return "\n".join(f"[{r.key}] {r.formatted(links=False)}" for r in self.refs)


def bibliography(keys: Iterable[str]) -> Bibliography:
    """The references for ``keys``, in the order given, duplicates dropped."""
    if isinstance(keys, str):
        raise TypeError(f"bibliography() needs a list of citation keys, such as [{keys!r}], not the text {keys!r}")
    if not isinstance(keys, Iterable):
        raise TypeError(f"bibliography() needs a list of citation keys, got {type(keys).__name__}")
    keys = list(dict.fromkeys(keys))
    if not keys:
        raise ValueError("bibliography() needs at least one citation key")
    return Bibliography([get(k) for k in keys])
