"""Publishing: versioned Parquet releases and the static site."""
