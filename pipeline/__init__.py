"""Build the Jack Ma Indonesia press data package from raw texts and curated YAML."""
