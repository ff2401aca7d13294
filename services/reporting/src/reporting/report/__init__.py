"""The council (Kreistag) report."""
