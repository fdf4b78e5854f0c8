"""Printed documents: each report's PDF or spreadsheet builder, and the registry the Laporan page lists."""
