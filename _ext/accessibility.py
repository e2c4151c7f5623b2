"""Sphinx extension: the markup fixes the book's pages need to pass WCAG 2.1 A/AA (axe-core).

* myst-nb writes the toggle of a folded code cell (``hide-input``/``hide-cell`` tags) as
  ``<summary aria-label="Toggle hidden content">`` around the visible text "Show code cell
  source": an accessible name that leaves out the visible label fails WCAG 2.5.3 (label in
  name).  The book's visitor writes the same element without the ``aria-label``, so the name is
  the text the reader sees ("Show code cell source", then "Hide code cell source").
* The theme's search button has the same fault; its fix is a template copy,
  ``_templates/search-button-field.html`` (the theme puts its components folder on the template path) (checked by ``site_assets.py``).

Colours, focus rings and narrow-window rules are in ``_static/nnbook-site.css``.
"""
from __future__ import annotations

from html import escape

from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput


def visit_hide_cell(self, node) -> None:
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    self.body.append(f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")


def setup(app):
    app.setup_extension("myst_nb")
    app.add_node(HideCodeCellNode, override=True, html=(visit_hide_cell, depart_HideCellInput))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
