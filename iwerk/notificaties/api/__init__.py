from pathlib import Path

OPENAPI_PATH = (
    Path(__file__).resolve().parents[2]
    / "specs"
    / "zgw-tree"
    / "notificaties"
    / "nrc"
    / "1.0.1"
    / "openapi.yaml"
)
