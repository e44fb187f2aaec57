"""Uploaded images and documents: their checks, stored names, storages, renditions and the
views that serve them. Content apps use these; nothing here imports a content app."""
