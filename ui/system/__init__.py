"""备份 · 设置, the first-run dialog and the welcome panel."""
