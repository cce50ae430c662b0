"""Test doubles of the basisregistraties: BRP, BAG and KvK servers speaking their official contracts."""
