"""Rectification (整改): the problem list, measures, progress and evidence, close-out (销号),
dispositions and the statistics form. Use cases live in app.rectify.service."""
