"""Agenda packs, supplements and minutes, generated as PDF and as accessible HTML.

One source (``source.build_source``) feeds both renderings, so the page numbers printed
in the PDF ("Page 37") are the ones the HTML twin shows. Generated files are stored as
``documents.Document`` rows (``services``), regenerated when their sources change.
"""
