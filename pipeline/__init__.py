"""Rare-earth supply-chain dataset: Dagster code location and the pure transforms it wires."""
