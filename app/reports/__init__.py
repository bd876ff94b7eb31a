"""Outputs on paper: the Excel forms (问题清单, 整改台账, 销号台账, 统计表) and the PDF reports
(整改报告, 问题清单, 案卷评查表, 整改通知书). Each gathers plain data from the store, then renders
it; files are written atomically."""

from app.reports.forms import render_forms, write_forms
from app.reports.pdf_notice import rectification_notice, render_notice
from app.reports.pdf_rectification import (
    problem_list_pdf,
    rectification_report,
    render_problem_list,
    render_rectification_report,
)
from app.reports.pdf_review import case_review_sheet, render_review_sheet

__all__ = ["case_review_sheet", "problem_list_pdf", "rectification_notice", "rectification_report", "render_forms",
           "render_notice", "render_problem_list", "render_rectification_report", "render_review_sheet",
           "write_forms"]
