"""pdca's built-in report templates (`pdca.templates`): Markdown through Jinja2, one file per kind for
every language, e.g. monthly.md.j2, its words taken from the catalogue (pdca/catalogue/<lang>.toml) with
t("report.monthly.title", ...).  A register overrides a report with monthly.zh.md.j2 (one language) or
monthly.md.j2 (all) in its own templates/ folder; `pdca report --list-templates` shows which are in use."""
