"""Models, one module per aggregate."""
