"""The registers: 案卷 · 台账 · 收据 · 执法人员 · 执法单位 (a page per kind and its record form)."""
