"""Site search: what is searchable (registry), how it is indexed (schema), how it is asked."""
