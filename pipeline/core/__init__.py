"""The pure core of the pipeline: declarations, readers, validation, the build database,
the ledger, the release writer and the site renderer. Nothing here imports Dagster;
``pipeline.definitions`` only wires these functions into assets."""
