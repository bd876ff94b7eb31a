"""导入表格: the import wizard and its pages."""
