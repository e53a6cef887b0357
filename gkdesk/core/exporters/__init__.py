"""Exports of a report: Excel workbook (xlsx.py) and PDF laid out like a 公文 (pdf.py, fonts.py)."""
