"""Reproducible samples of case files (随机抽查); see app/sampling/draw.py for the algorithm."""

from app.sampling.service import draw_sample, list_samples, population

__all__ = ["draw_sample", "list_samples", "population"]
