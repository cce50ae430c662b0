"""The changes Sturing makes: the queue of zaken to recompute (`wachtrij`, filled by the Zaken
events), the refresh job that keeps Zaakfeit and the aggregates current (`verversen`), and the
prepared first views of the dashboard (`dashboardstand`)."""
