"""Small widgets with one job each."""
