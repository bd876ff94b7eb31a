"""CaseAudit (执法案卷倒查工作台): the product's brain. No Qt here."""

__version__ = "0.1.0"
