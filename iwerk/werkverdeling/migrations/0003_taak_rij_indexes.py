# The open-task indexes gain the lists' tie-break (id), the team one also medewerker: a list walks
# its index in exactly its order (deadline, none last, then pk) and stops at its limit, and the
# workload's counts read the index only. The new indexes are built first, then the old ones go.

from django.db import migrations, models

from iwerk.core.online import AddIndexOnline, RemoveIndexOnline


class Migration(migrations.Migration):
    atomic = False  # the indexes are built and dropped CONCURRENTLY on PostgreSQL (ADR 0022)

    dependencies = [
        ("werkverdeling", "0002_goedkeuren_index"),
    ]

    operations = [
        AddIndexOnline(
            model_name="taak",
            index=models.Index(
                condition=models.Q(("status", "open")),
                fields=["tenant", "medewerker", "deadline", "id"],
                name="taak_medewerker_rij_idx",
            ),
        ),
        AddIndexOnline(
            model_name="taak",
            index=models.Index(
                condition=models.Q(("status", "open")),
                fields=["tenant", "team", "medewerker", "deadline", "id"],
                name="taak_team_rij_idx",
            ),
        ),
        RemoveIndexOnline(
            model_name="taak",
            name="taak_medewerker_open_idx",
        ),
        RemoveIndexOnline(
            model_name="taak",
            name="taak_team_open_idx",
        ),
    ]
