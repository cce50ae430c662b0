from pathlib import Path

# Documenten 1.7.0 refers to the Catalogi document by relative path: serve it from the tree.
OPENAPI_PATH = (
    Path(__file__).resolve().parents[2]
    / "specs"
    / "zgw-tree"
    / "documenten"
    / "drc"
    / "1.7.x"
    / "1.7.0"
    / "openapi.yaml"
)
