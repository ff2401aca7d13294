"""REST API of the placement service: routers, response models, error rendering."""
