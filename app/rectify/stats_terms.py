"""The words of the 统计表 (reference/004 附件3), shared by the form (app.reports.stats_layout)
and by the import of a unit's own 统计表 (app.rectify.unit_reports)."""

from __future__ import annotations

CORNER = "整治重点"
ROWS = (("found", "发现问题数"), ("rectified", "整改问题数"), ("people_handled", "处理人数"),
        ("sanctions", "党纪政务处分人数"))
REMARK = "备注"
# The form's wording where it differs from the plan's text (附件3 writes 机械式执法问题).
FORM_WORDING = {"机械性执法问题": "机械式执法问题"}
