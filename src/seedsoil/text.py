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
