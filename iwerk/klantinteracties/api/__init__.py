from pathlib import Path

# The Klantinteracties API 0.9.0 as published with Open Klant (iwerk/specs/klantinteracties).
OPENAPI_PATH = Path(__file__).resolve().parents[2] / "specs" / "klantinteracties" / "openapi.yaml"
