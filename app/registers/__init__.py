"""The office's registers beside the audit (issue 15): complaints with their deadlines
(complaints.py, deadlines.py, complaint_ledger.py), return visits drawn at random (visits.py,
visit_print.py) and questionnaires (surveys.py, survey_sheet.py, survey_tally.py, survey_print.py).
"""
