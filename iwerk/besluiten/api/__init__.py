from pathlib import Path

# Besluiten 1.1.0 refers to the Catalogi, Zaken and Documenten documents by relative path.
OPENAPI_PATH = (
    Path(__file__).resolve().parents[2]
    / "specs"
    / "zgw-tree"
    / "besluiten"
    / "brc"
    / "1.1.0"
    / "openapi.yaml"
)
