"""`python -m placement.demo`: a synthetic district modelled on the Osnabrück figures."""
