from pathlib import Path

# Zaken 1.7.0 refers to Catalogi, Documenten and Besluiten documents by relative path: serve it from the tree.
OPENAPI_PATH = (
    Path(__file__).resolve().parents[2]
    / "specs"
    / "zgw-tree"
    / "zaken"
    / "zrc"
    / "1.7.x"
    / "1.7.0"
    / "openapi.yaml"
)
