"""`pdca site`: the register as a static, self-contained website (阳光是最好的防腐剂).

- `build` decides the pages (one register at the root, or a group page and a folder per register);
- `register_site` holds one register's pages, names and links, judged on one day;
- `overview`, `catalog`, `findings`, `reports` build each page's data from pdca.engine.report_data and
  pdca.domain (every number is the reports' own: nothing is counted twice);
- `markdown_html` shows a report's Markdown as inert HTML; `render` fills the templates in
  templates/site/ (Jinja2, autoescaped); pdca.io.site_folder writes the folder all or nothing.
"""
