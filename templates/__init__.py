"""pdca's built-in report templates (`pdca.templates`): Markdown through Jinja2, one file per kind and
language, e.g. monthly.zh.md.j2.  A register overrides one by putting a file of the same name in its own
templates/ folder; `pdca report --list-templates` shows which are in use."""
