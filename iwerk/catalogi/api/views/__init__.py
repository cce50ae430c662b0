"""Catalogi API 1.3.3 endpoints: parse, authorise, call one service or selector, render."""
