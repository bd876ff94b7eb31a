"""上级汇总 and packages: the bureau's page, the office's package panel, a new sender key."""
