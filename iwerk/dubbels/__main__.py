"""`python -m iwerk.dubbels --port N`: the doubles in a process of their own, without Django.

The tests start one per test process this way (iwerk/conftest.py): a serving thread inside the
test process would change how Hypothesis generates the fuzz tests' sequences. `make demo` uses
`iwerk registerdubbels`, which adds the demo-mode check and the API keys.
"""

from __future__ import annotations

import argparse
import contextlib

from iwerk.dubbels import bag, brp, brp_velden, kvk
from iwerk.dubbels.server import Registerdubbels


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m iwerk.dubbels")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    # Read the data and the OAS before listening: the first request of a busy test run must not
    # wait for them past a client's read time-out.
    brp.personen_data(), bag.adressen_data(), kvk.bedrijven_data(), brp_velden.oas()
    server = Registerdubbels(host=args.host, port=args.port).luister()
    print(f"Registerdubbels luisteren op {server.url}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    main()
