"""报告: producing, previewing and printing the PDF reports; the office's details."""
