"""The reads of Sturing: a zaak's facts (`feiten`), the deadline classes (`klassen`), the KPIs
from the aggregates (`cijfers`), the checked filters and visibility (`selectie`), the dashboard
tables (`tabellen`), the zaken behind a number (`lijst`) and the cost allocation (`kosten`)."""
