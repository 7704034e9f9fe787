"""Cell tags: the course's own, read without regard to case, and the standard keys that outside
tools (Jupyter Book, RISE, stock nbconvert, myst-nb) honour, written beside them (issue 27).

A contributed notebook may say ``Solution`` for ``solution``: that is the same tag, and a solution
never reaches a student copy because of its capital letter. A tag that looks like one of the
course's but is not (``soluton``, ``solutions``) is refused with the notebook and cell named:
it would otherwise silently do nothing.

For the tools that do not know the course's conventions, :func:`standard_keys` writes what they
read: a solution and a teacher's note get ``remove-cell`` (Jupyter Book leaves the cell out) and a
solution the slide type Skip (RISE leaves it off the slides; a teacher's note is already of type
Notes, which RISE keeps for the speaker); a figure's alt text goes where nbconvert reads it (the
output's ``image/png`` metadata) and where myst-nb reads it (``mystnb.image.alt``).
"""

from __future__ import annotations

import difflib

#: The course's own tags (see CONTRIBUTING's table).
COURSE_TAGS = ("setup", "exercise", "solution", "remove-input", "slide-code", "slide-figure", "slide-only")
#: Outside tools' tags the course writes (or accepts) for their sake.
STANDARD_TAGS = ("remove-cell", "remove-output", "hide-input", "hide-output", "hide-cell")
KNOWN = COURSE_TAGS + STANDARD_TAGS


class TagError(ValueError):
    """A tag that looks like one of the course's but is not; the message names notebook and cell."""


def normalise(nb, where: str = "notebook") -> list[str]:
    """Lower-case every known tag of ``nb`` in place (``Solution`` -> ``solution``); raise TagError
    for a tag close to a known one but not it. Returns the tags that were changed."""
    changed = []
    for index, cell in enumerate(nb.cells):
        tags = cell.get("metadata", {}).get("tags")
        if not tags:
            continue
        out = []
        for tag in tags:
            if not isinstance(tag, str):
                raise TagError(f"{where}, cell {index}: a tag must be text, not {tag!r}")
            low = tag.strip().lower()
            if low in KNOWN:
                if low != tag:
                    changed.append(f"cell {index}: {tag!r} -> {low!r}")
                out.append(low)
                continue
            near = difflib.get_close_matches(low, KNOWN, n=1, cutoff=0.75)
            if near:
                raise TagError(
                    f"{where}, cell {index}: tag {tag!r} looks like {near[0]!r} but is not a tag the course knows "
                    f"({', '.join(COURSE_TAGS)}): correct it, or remove it"
                )
            out.append(tag)
        cell.metadata["tags"] = list(dict.fromkeys(out))
    return changed


def standard_keys(nb) -> None:
    """Write the keys outside tools read (see the module's docstring), in place."""
    for cell in nb.cells:
        meta = cell.setdefault("metadata", {})
        tags = meta.get("tags", [])
        kind = meta.get("slideshow", {}).get("slide_type")
        teacher = cell.get("cell_type") == "markdown" and kind == "notes"
        if "solution" in tags or teacher:
            if "remove-cell" not in tags:
                meta["tags"] = [*tags, "remove-cell"]
        if "solution" in tags:
            meta.setdefault("slideshow", {})["slide_type"] = "skip"
        alt = meta.get("alt")
        if isinstance(alt, str) and alt.strip():
            meta.setdefault("mystnb", {}).setdefault("image", {})["alt"] = alt
            for out in cell.get("outputs", []):
                for mime in ("image/png", "image/jpeg"):
                    if mime in out.get("data", {}):
                        out.setdefault("metadata", {}).setdefault(mime, {})["alt"] = alt
