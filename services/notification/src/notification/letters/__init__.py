"""Printed letters: the PDF of a notice (WeasyPrint) and the day's print collection."""
