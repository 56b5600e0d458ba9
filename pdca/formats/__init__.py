"""What people read: check reporters, Markdown reports, Excel workbooks, Word documents in 公文 layout."""
