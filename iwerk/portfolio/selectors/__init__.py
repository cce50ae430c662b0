"""The reads of the portfolio: overlap, count over time and phase-out plan (`overzicht`), cost per
application and referentiecomponent (`kosten`), the export for the Softwarecatalogus (`lijst`)."""
